/**
 * A GitOps environment's runtime: Baton stores the commit that holds each deployment (also when
 * a repeat commits nothing) and shows it; without cluster read access on the definition the
 * runtime is "unknown", with `runtime_server` + `credentials.runtime_token` Baton reads that
 * cluster (here one that does not answer: an error, still with the commit).
 */
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { deployedCommit, getDeployment, listDeploymentErrors } from "@/lib/server/data/deployments";
import { readRuntimeView } from "@/lib/server/deploy/environment-runtime";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { deployFixture } from "./deploy-fixture";
import { ORG } from "./helpers";

describe("GitOps deployments: the commit and the runtime", async () => {
  const f = await deployFixture();
  afterAll(() => f.worker.stop());
  await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello" }, f.ctx);
  const head = () => execFileSync("git", ["--git-dir", f.remote, "rev-parse", "main"], { encoding: "utf8" }).trim();
  async function deploy() {
    const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "registry.example.com/web:1.0" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", queued.id))!.status, JSON.stringify(await listDeploymentErrors(f.db, queued.id))).toBe("succeeded");
    return queued.id;
  }

  it("stores the commit of each deployment, a no-op repeat included; runtime unknown without cluster access, with the commit", async () => {
    expect(await deployedCommit(f.db, ORG, "shop", "development")).toBeUndefined();
    await deploy();
    const first = head();
    expect(await deployedCommit(f.db, ORG, "shop", "development")).toBe(first);
    await deploy();
    expect(head()).toBe(first);
    expect(await deployedCommit(f.db, ORG, "shop", "development")).toBe(first);
    const view = await readRuntimeView(f.db, f.box, ORG, "shop", "development", { fresh: true });
    expect(view).toMatchObject({ state: "unknown", commit: first });
    expect(view.state === "unknown" && view.reason).toMatch(/Git repository .* no read access to the cluster/);
  });

  it("with runtime_server and runtime_token on the definition, Baton reads that cluster", async () => {
    await runOperation(
      saveDefinition,
      { mode: "update", id: "local-gitops", name: "Local GitOps repository", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${f.remote}\nbranch: main\nruntime_server: https://127.0.0.1:9\n`, secrets: { action: "replace", yaml: "credentials:\n  runtime_token: read-only-token\n" }, criteria: [{}] },
      f.ctx,
    );
    await deploy();
    const view = await readRuntimeView(f.db, f.box, ORG, "shop", "development", { fresh: true });
    expect(view).toMatchObject({ state: "error", commit: head() });
    expect(JSON.stringify(view)).not.toContain("read-only-token");
  });
});
