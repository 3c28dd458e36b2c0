import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GitOpsError, createGitOpsTarget } from "@/lib/engine/targets/gitops";

function tmp(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function bareRepo(): string {
  const dir = path.join(tmp("baton-remote-"), "gitops.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", dir]);
  return dir;
}

function cloneOf(remote: string): string {
  const dir = tmp("baton-check-");
  execFileSync("git", ["clone", "--quiet", remote, dir]);
  return dir;
}

const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop-dev" } };
const deploy = (image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop-dev" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "main", image }] } },
  },
});
const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop-dev" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] } };
const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "shop-dev" }, stringData: { password: "s3cret-pass" } };

const base = { app_id: "shop", env_id: "dev", namespace: "shop-dev" };

describe("GitOps target (real git)", () => {
  it("writes one file per object plus a kustomization, rewrites the folder, and is a no-op when unchanged", async () => {
    const remote = bareRepo();
    const target = createGitOpsTarget({ url: remote, branch: "main", workRoot: tmp("baton-work-") });

    const first = await target.apply({ ...base, deploy_id: "d1", objects: [ns, deploy("web:1"), svc, secret], comment: "first", author: { name: "Dana", email: "dana@example.com" } });
    expect(first.unchanged).toBe(false);
    expect(first.skippedSecrets).toEqual([{ apiVersion: "v1", kind: "Secret", name: "db", namespace: "shop-dev" }]);
    let checkout = cloneOf(remote);
    expect(fs.readdirSync(path.join(checkout, "shop/dev")).sort()).toEqual(["deployment-web.yaml", "kustomization.yaml", "namespace-shop-dev.yaml", "service-web.yaml"]);
    expect(parse(fs.readFileSync(path.join(checkout, "shop/dev/kustomization.yaml"), "utf8")).resources).toEqual(["deployment-web.yaml", "namespace-shop-dev.yaml", "service-web.yaml"]);
    const log = execFileSync("git", ["log", "-1", "--format=%an <%ae>%n%B"], { cwd: checkout }).toString();
    expect(log).toContain("Dana <dana@example.com>");
    expect(log).toContain("Deploy d1 to shop/dev");
    expect(log).toContain("first");
    // Plaintext secrets never reach the repository.
    expect(execFileSync("git", ["log", "-p", "--all"], { cwd: checkout }).toString()).not.toContain("s3cret-pass");

    const same = await target.apply({ ...base, deploy_id: "d2", objects: [ns, deploy("web:1"), svc, secret] });
    expect(same.unchanged).toBe(true);
    expect(same.commit).toBeNull();

    const third = await target.apply({ ...base, deploy_id: "d3", objects: [ns, deploy("web:2")] });
    expect(third.unchanged).toBe(false);
    checkout = cloneOf(remote);
    expect(fs.readdirSync(path.join(checkout, "shop/dev")).sort()).toEqual(["deployment-web.yaml", "kustomization.yaml", "namespace-shop-dev.yaml"]);
    expect(fs.readFileSync(path.join(checkout, "shop/dev/deployment-web.yaml"), "utf8")).toContain("image: web:2");
    expect(execFileSync("git", ["rev-list", "--count", "HEAD"], { cwd: checkout }).toString().trim()).toBe("2");
  });

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)("the committed folder renders with kubectl kustomize", async () => {
    const remote = bareRepo();
    const target = createGitOpsTarget({ url: remote, branch: "main", workRoot: tmp("baton-work-") });
    await target.apply({ ...base, deploy_id: "d1", objects: [ns, deploy("web:1"), svc] });
    const out = execFileSync("kubectl", ["kustomize", path.join(cloneOf(remote), "shop/dev")]).toString();
    const kinds = out.split(/^---$/m).map((d) => parse(d)?.kind).sort();
    expect(kinds).toEqual(["Deployment", "Namespace", "Service"]);
  });

  it("keeps other writers' folders when the branch moved since the last deployment", async () => {
    const remote = bareRepo();
    const workRoot = tmp("baton-work-");
    const target = createGitOpsTarget({ url: remote, branch: "main", workRoot });
    await target.apply({ ...base, deploy_id: "d1", objects: [ns] });
    // Another writer pushes to the branch.
    const other = cloneOf(remote);
    fs.mkdirSync(path.join(other, "blog/prod"), { recursive: true });
    fs.writeFileSync(path.join(other, "blog/prod/x.yaml"), "a: 1\n");
    execFileSync("git", ["-c", "user.name=o", "-c", "user.email=o@x", "add", "-A"], { cwd: other });
    execFileSync("git", ["-c", "user.name=o", "-c", "user.email=o@x", "commit", "-qm", "other"], { cwd: other });
    execFileSync("git", ["push", "-q", "origin", "HEAD:main"], { cwd: other });
    const r = await target.apply({ ...base, deploy_id: "d2", objects: [ns, svc] });
    expect(r.unchanged).toBe(false);
    const checkout = cloneOf(remote);
    expect(fs.existsSync(path.join(checkout, "blog/prod/x.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(checkout, "shop/dev/service-web.yaml"))).toBe(true);
  });

  it("writers in separate processes pushing to one branch at once all land (they retry apart, not in step)", async () => {
    const remote = bareRepo();
    // A work root each, as separate worker processes have: no in-process queue orders them.
    const envs = ["e1", "e2", "e3", "e4", "e5", "e6"];
    const results = await Promise.all(
      envs.map((env) => createGitOpsTarget({ url: remote, branch: "main", workRoot: tmp("baton-work-") }).apply({ ...base, env_id: env, deploy_id: `d-${env}`, objects: [ns] })),
    );
    expect(results.every((r) => r.commit)).toBe(true);
    const checkout = cloneOf(remote);
    for (const env of envs) expect(fs.existsSync(path.join(checkout, `shop/${env}/kustomization.yaml`)), env).toBe(true);
  });

  it("fails with a clear error when the remote is gone, and works again once it is back", async () => {
    const remote = bareRepo();
    const target = createGitOpsTarget({ url: remote, branch: "main", workRoot: tmp("baton-work-") });
    await target.apply({ ...base, deploy_id: "d1", objects: [ns] });
    const moved = `${remote}.moved`;
    fs.renameSync(remote, moved);
    await expect(target.apply({ ...base, deploy_id: "d2", objects: [ns, svc] })).rejects.toThrowError(GitOpsError);
    await expect(target.apply({ ...base, deploy_id: "d2", objects: [ns, svc] })).rejects.toThrowError(/cannot reach the GitOps repository/);
    fs.renameSync(moved, remote);
    expect((await target.apply({ ...base, deploy_id: "d3", objects: [ns, svc] })).unchanged).toBe(false);
  });
});
