import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ApplyRequest, ApplyResult, Target, TargetObjectRef } from "../types";
import { GitError, git, type GitCredentials } from "./git";
import { kustomization, objectFiles } from "./layout";
import { sshFailure } from "./ssh";

export { GitError } from "./git";
export { objectFiles, kustomization } from "./layout";

export interface GitOpsTargetOptions {
  url: string;
  branch: string;
  /** Folder inside the repository under which `<app>/<env>/` is written ("" for the root). */
  path?: string;
  /** Where working clones are kept (one per repository URL and environment). */
  workRoot: string;
  /**
   * Where SSH host keys trusted on first use are recorded, when `credentials.knownHosts` does
   * not pin them (default: workRoot). Several processes with clones of their own share it.
   */
  trustRoot?: string;
  /** `knownHosts` pins the SSH host keys; without it the first key seen is trusted and recorded under trustRoot. */
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
  /** The commit made, null when the repository already held these objects. */
  commit: string | null;
  /** The branch's commit after the apply: it holds the objects either way. */
  head: string;
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

/**
 * Workers in other processes push to the same branch; when they collide, each refetches and
 * retries after a random, growing pause so that they stop colliding instead of retrying in step.
 */
const MAX_PUSH_ATTEMPTS = 8;
const PUSH_RETRY_BASE_MS = 50;
const pushRetryPause = (attempt: number) => new Promise((res) => setTimeout(res, Math.random() * PUSH_RETRY_BASE_MS * 2 ** Math.min(attempt, 6)));

const sha = (s: string) => crypto.createHash("sha256").update(s).digest("hex").slice(0, 16);

/** git's rule: ssh:// (and git+ssh://), or scp-like `[user@]host:path` with a colon before any slash. */
export function isSshUrl(url: string): boolean {
  if (/^(ssh|git\+ssh|ssh\+git):\/\//i.test(url)) return true;
  if (url.includes("://")) return false;
  const colon = url.indexOf(":");
  const slash = url.indexOf("/");
  return colon > 0 && (slash < 0 || colon < slash);
}

/** Commits each deployment's objects to `<path>/<app>/<env>/` of a Git repository and pushes. */
export interface GitOpsTarget extends Target {
  readonly kind: "gitops";
  apply(req: GitOpsApplyRequest): Promise<GitOpsApplyResult>;
}

export function createGitOpsTarget(options: GitOpsTargetOptions): GitOpsTarget {
  const creds = options.credentials ?? {};
  const committer = options.committer ?? { name: "Baton", email: "baton@localhost" };
  const pinned = Boolean(creds.knownHosts);
  // Trust on first use is per repository and kept with the working clones, not in ~/.ssh.
  const sshTrustFile = isSshUrl(options.url) ? path.join(options.trustRoot ?? options.workRoot, "ssh-known-hosts", sha(options.url)) : undefined;
  // Only the commands that talk to the remote get credentials: the others would write the
  // key to a temp file (and send nothing) for every add, status and commit.
  const remote = (dir: string, args: string[]) => git(dir, args, creds, { sshTrustFile });
  const run = (dir: string, args: string[]) => git(dir, args);
  /** git's own words, or what ssh said when the connection is what failed. */
  const reason = (e: GitError) => {
    // git's first "fatal:" line says what went wrong; the lines after it are generic advice.
    const fatal = e.stderr.split("\n").find((l) => l.startsWith("fatal:"))?.replace(/^fatal:\s*/, "");
    return sshFailure(e.stderr, pinned) ?? (fatal || e.message);
  };

  async function prepareClone(dir: string): Promise<boolean> {
    if (!fs.existsSync(path.join(dir, ".git"))) {
      fs.mkdirSync(dir, { recursive: true });
      await run(dir, ["init", "--quiet"]);
      await run(dir, ["remote", "add", "origin", options.url]);
    }
    const heads = await remote(dir, ["ls-remote", "--heads", "origin", options.branch]).catch((e: GitError) => {
      throw new GitOpsError(`cannot reach the GitOps repository ${options.url}: ${reason(e)}`);
    });
    const exists = heads.trim().length > 0;
    if (exists) {
      await remote(dir, ["fetch", "--quiet", "--depth", "1", "origin", options.branch]);
      await run(dir, ["checkout", "--quiet", "-B", options.branch, "FETCH_HEAD"]);
      await run(dir, ["reset", "--quiet", "--hard", "FETCH_HEAD"]);
    } else {
      await run(dir, ["checkout", "--quiet", "--orphan", options.branch]).catch(() => undefined);
      await run(dir, ["rm", "-r", "--quiet", "--cached", "--ignore-unmatch", "."]);
    }
    await run(dir, ["clean", "-fdxq"]);
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
    await run(dir, ["add", "-A", "--", folder]);
    const status = await run(dir, ["status", "--porcelain", "--", folder]);
    const applied = files.map((f) => ({ apiVersion: f.apiVersion, kind: f.kind, name: f.name, namespace: f.namespace }));
    const currentFiles = new Set(files.map((f) => f.file));
    const pruned = previousFiles.filter((f) => !currentFiles.has(f)).map((f) => ({ apiVersion: "", kind: "file", name: f }));
    if (!status.trim()) return { applied, pruned: [], commit: null, head: (await run(dir, ["rev-parse", "HEAD"])).trim(), unchanged: true, skippedSecrets, folder };
    const author = req.author ?? committer;
    const message = `Deploy ${req.deploy_id} to ${req.app_id}/${req.env_id}${req.comment ? `\n\n${req.comment}` : ""}`;
    await run(dir, ["-c", `user.name=${committer.name}`, "-c", `user.email=${committer.email}`, "commit", "--quiet", "--author", `${author.name} <${author.email}>`, "-m", message]);
    await remote(dir, ["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`]);
    const commit = (await run(dir, ["rev-parse", "HEAD"])).trim();
    return { applied, pruned, commit, head: commit, unchanged: false, skippedSecrets, folder };
  }

  return {
    kind: "gitops",
    apply(req: GitOpsApplyRequest) {
      const key = sha(`${options.url}\0${options.branch}\0${req.app_id}\0${req.env_id}`);
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
            if (attempt < MAX_PUSH_ATTEMPTS) await pushRetryPause(attempt);
          }
        }
        if (lastError instanceof GitOpsError) throw lastError;
        if (lastError instanceof GitError) throw new GitOpsError(`GitOps push to ${options.url} (${options.branch}) failed: ${sshFailure(lastError.stderr, pinned) ?? lastError.message}`);
        throw lastError;
      });
    },
  };
}
