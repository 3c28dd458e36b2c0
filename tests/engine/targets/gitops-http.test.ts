/**
 * The GitOps target over HTTPS-style auth: a local smart-HTTP Git server (git http-backend behind
 * a small Node server on 127.0.0.1) that demands Basic auth with a token, as GitHub/GitLab do.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitOpsError, createGitOpsTarget } from "@/lib/engine/targets/gitops";

const TOKEN = "ghp_test-token-0123456789";
const root = fs.mkdtempSync(path.join(os.tmpdir(), "baton-git-http-"));
let server: http.Server;
let url: string;
const seenAuth: string[] = [];

function gitBackend(req: http.IncomingMessage, res: http.ServerResponse) {
  const auth = req.headers.authorization ?? "";
  seenAuth.push(auth);
  const expected = `Basic ${Buffer.from(`git:${TOKEN}`).toString("base64")}`;
  if (auth !== expected) {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end("unauthorized");
    return;
  }
  const u = new URL(req.url ?? "/", "http://localhost");
  const cgi = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: u.pathname,
      QUERY_STRING: u.search.slice(1),
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_USER: "git",
      REMOTE_ADDR: "127.0.0.1",
    },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on("data", (c: Buffer) => chunks.push(c));
  cgi.on("close", () => {
    const out = Buffer.concat(chunks);
    const split = out.indexOf("\r\n\r\n");
    const head = out.subarray(0, split).toString();
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.split("\r\n")) {
      const [k, ...v] = line.split(":");
      if (k.toLowerCase() === "status") status = Number(v.join(":").trim().split(" ")[0]);
      else headers[k] = v.join(":").trim();
    }
    res.writeHead(status, headers).end(out.subarray(split + 4));
  });
}

beforeAll(async () => {
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", path.join(root, "gitops.git")]);
  execFileSync("git", ["config", "http.receivepack", "true"], { cwd: path.join(root, "gitops.git") });
  server = http.createServer(gitBackend);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gitops.git`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop-dev" } };
const base = { app_id: "shop", env_id: "dev", namespace: "shop-dev" };

describe("GitOps target over HTTP with a token", () => {
  it("pushes with the token as Basic auth, never putting it in the URL or the clone's config", async () => {
    const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), "baton-work-"));
    const target = createGitOpsTarget({ url, branch: "main", workRoot, credentials: { password: TOKEN } });
    const r = await target.apply({ ...base, deploy_id: "d1", objects: [ns] });
    expect(r.unchanged).toBe(false);
    expect(execFileSync("git", ["--git-dir", path.join(root, "gitops.git"), "log", "--format=%s", "main"]).toString()).toContain("Deploy d1 to shop/dev");
    // The working clone keeps no credential.
    const clone = fs.readdirSync(workRoot).map((d) => path.join(workRoot, d))[0];
    expect(fs.readFileSync(path.join(clone, ".git", "config"), "utf8")).not.toContain(TOKEN);
    expect(seenAuth.some((a) => a.startsWith("Basic "))).toBe(true);
  });

  it("fails with a clear error without the token, and never echoes it", async () => {
    const target = createGitOpsTarget({ url, branch: "main", workRoot: fs.mkdtempSync(path.join(os.tmpdir(), "baton-work-")), credentials: { password: "wrong-token" } });
    const err = await target.apply({ ...base, deploy_id: "d2", objects: [ns] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitOpsError);
    expect((err as Error).message).toContain("cannot reach the GitOps repository");
    expect((err as Error).message).not.toContain("wrong-token");
  });
});
