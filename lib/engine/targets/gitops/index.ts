import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ApplyRequest, ApplyResult, Target, TargetObjectRef } from "../types";
import { GitError, git, type GitCredentials } from "./git";
import { kustomization, objectFiles } from "./layout";

export { GitError } from "./git";
export { objectFiles, kustomization } from "./layout";

export interface GitOpsTargetOptions {
  url: string;
  branch: string;
  /** Folder inside the repository under which `<app>/<env>/` is written ("" for the root). */
  path?: string;
  /** Where working clones are kept (one per repository URL and environment). */
  workRoot: string;
  credentials?: GitCredentials;
  /** Secrets are left out of the repository unless the definition opts in. */
  writeSecrets?: boolean;
  committer?: { name: string; email: string };
}

export interface GitOpsApplyRequest extends ApplyRequest {
  comment?: string;
  author?: { name: string; email: string };
}

export interface GitOpsApplyResult extends ApplyResult {
  commit: string | null;
  unchanged: boolean;
  /** Secret objects not committed (plaintext never goes to Git). */
  skippedSecrets: TargetObjectRef[];
  folder: string;
}

export class GitOpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitOpsError";
  }
}

// One operation at a time per repository branch: clones of one repository (one per
// environment) pushing at once would only reject each other's pushes.
const queues = new Map<string, Promise<unknown>>();
function serialise<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  queues.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

const MAX_PUSH_ATTEMPTS = 4;

/** Commits each deployment's objects to `<path>/<app>/<env>/` of a Git repository and pushes. */
export interface GitOpsTarget extends Target {
  readonly kind: "gitops";
  apply(req: GitOpsApplyRequest): Promise<GitOpsApplyResult>;
}

export function createGitOpsTarget(options: GitOpsTargetOptions): GitOpsTarget {
  const creds = options.credentials ?? {};
  const committer = options.committer ?? { name: "Baton", email: "baton@localhost" };

  async function prepareClone(dir: string): Promise<boolean> {
    if (!fs.existsSync(path.join(dir, ".git"))) {
      fs.mkdirSync(dir, { recursive: true });
      await git(dir, ["init", "--quiet"], creds);
      await git(dir, ["remote", "add", "origin", options.url], creds);
    }
    const heads = await git(dir, ["ls-remote", "--heads", "origin", options.branch], creds).catch((e: GitError) => {
      // git's first "fatal:" line says what went wrong; the lines after it are generic advice.
      const fatal = e.stderr.split("\n").find((l) => l.startsWith("fatal:"))?.replace(/^fatal:\s*/, "");
      throw new GitOpsError(`cannot reach the GitOps repository ${options.url}: ${fatal || e.message}`);
    });
    const exists = heads.trim().length > 0;
    if (exists) {
      await git(dir, ["fetch", "--quiet", "--depth", "1", "origin", options.branch], creds);
      await git(dir, ["checkout", "--quiet", "-B", options.branch, "FETCH_HEAD"], creds);
      await git(dir, ["reset", "--quiet", "--hard", "FETCH_HEAD"], creds);
    } else {
      await git(dir, ["checkout", "--quiet", "--orphan", options.branch], creds).catch(() => undefined);
      await git(dir, ["rm", "-r", "--quiet", "--cached", "--ignore-unmatch", "."], creds);
    }
    await git(dir, ["clean", "-fdxq"], creds);
    return exists;
  }

  async function applyOnce(dir: string, req: GitOpsApplyRequest): Promise<GitOpsApplyResult> {
    await prepareClone(dir);
    const folder = path.posix.join(options.path ?? "", req.app_id, req.env_id);
    const abs = path.join(dir, folder);
    const previousFiles = fs.existsSync(abs) ? fs.readdirSync(abs).filter((f) => f !== "kustomization.yaml") : [];
    fs.rmSync(abs, { recursive: true, force: true });
    fs.mkdirSync(abs, { recursive: true });
    const skippedSecrets: TargetObjectRef[] = [];
    const kept = req.objects.filter((o) => {
      if (o.kind === "Secret" && !options.writeSecrets) {
        const m = (o.metadata ?? {}) as { name?: string; namespace?: string };
        skippedSecrets.push({ apiVersion: String(o.apiVersion), kind: "Secret", name: String(m.name), namespace: m.namespace });
        return false;
      }
      return true;
    });
    const files = objectFiles(kept);
    for (const f of files) fs.writeFileSync(path.join(abs, f.file), f.content);
    fs.writeFileSync(path.join(abs, "kustomization.yaml"), kustomization(files.map((f) => f.file)));
    await git(dir, ["add", "-A", "--", folder], creds);
    const status = await git(dir, ["status", "--porcelain", "--", folder], creds);
    const applied = files.map((f) => ({ apiVersion: f.apiVersion, kind: f.kind, name: f.name, namespace: f.namespace }));
    const currentFiles = new Set(files.map((f) => f.file));
    const pruned = previousFiles.filter((f) => !currentFiles.has(f)).map((f) => ({ apiVersion: "", kind: "file", name: f }));
    if (!status.trim()) return { applied, pruned: [], commit: null, unchanged: true, skippedSecrets, folder };
    const author = req.author ?? committer;
    const message = `Deploy ${req.deploy_id} to ${req.app_id}/${req.env_id}${req.comment ? `\n\n${req.comment}` : ""}`;
    await git(dir, ["-c", `user.name=${committer.name}`, "-c", `user.email=${committer.email}`, "commit", "--quiet", "--author", `${author.name} <${author.email}>`, "-m", message], creds);
    await git(dir, ["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`], creds);
    const commit = (await git(dir, ["rev-parse", "HEAD"], creds)).trim();
    return { applied, pruned, commit, unchanged: false, skippedSecrets, folder };
  }

  return {
    kind: "gitops",
    apply(req: GitOpsApplyRequest) {
      const key = crypto.createHash("sha256").update(`${options.url}\0${options.branch}\0${req.app_id}\0${req.env_id}`).digest("hex").slice(0, 16);
      const dir = path.join(options.workRoot, key);
      return serialise(`${options.url}\0${options.branch}`, async () => {
        let lastError: unknown;
        for (let attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
          try {
            return await applyOnce(dir, req);
          } catch (err) {
            lastError = err;
            // Someone else moved the branch: fetch again and redo the commit on top.
            const moved = err instanceof GitError && /rejected|non-fast-forward|fetch first|stale info/i.test(err.stderr);
            if (!moved) break;
          }
        }
        if (lastError instanceof GitOpsError) throw lastError;
        if (lastError instanceof GitError) throw new GitOpsError(`GitOps push to ${options.url} (${options.branch}) failed: ${lastError.message}`);
        throw lastError;
      });
    },
  };
}
