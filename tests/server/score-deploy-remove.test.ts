/**
 * `score deploy --remove` (humctl's delta with only `modules.remove`): the named workload
 * leaves the environment and the others stay exactly as deployed. It used to re-add every
 * workload from its latest Score file — the removed one included, so nothing was removed.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { getDeployment, getSet, listDeploymentErrors } from "@/lib/server/data/deployments";
import { startWorker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { createApplication } from "@/lib/server/operations/create-application";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { deployScore } from "@/lib/server/operations/deploy-score";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { ORG, actorFor, seededDb } from "./helpers";

const score = (name: string, image: string) => `apiVersion: score.dev/v1b1\nmetadata:\n  name: ${name}\ncontainers:\n  main:\n    image: ${image}\n`;

describe("score deploy --remove", async () => {
  const db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  const ctx = { db, actor: (await actorFor(db, "admin@example.com")), secrets: box };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-remove-"));
  const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
  afterAll(() => worker.stop());

  async function settle(id: string) {
    worker.kick();
    await worker.idle();
    const dep = (await getDeployment(db, ORG, "shop", id))!;
    expect(dep.status, JSON.stringify(await listDeploymentErrors(db, id))).toBe("succeeded");
    return (await getSet(db, dep.setId))!;
  }

  it("removes only the named workload; the others keep their deployed version", async () => {
    // A local GitOps repository as the cluster: the set is what this test is about.
    const remote = path.join(dataDir, "gitops.git");
    execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
    await runOperation(saveDefinition, { mode: "create", id: "local-gitops", name: "Local GitOps", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${remote}\nbranch: main\n`, secrets: { action: "clear" }, criteria: [{}] }, ctx);
    await runOperation(createApplication, { id: "shop" }, ctx);
    for (const w of ["web", "worker"]) await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: score(w, `registry.example/${w}:1`) }, ctx);
    const first = await settle((await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, ctx)).id);
    expect(Object.keys(first.modules).sort()).toEqual(["web", "worker"]);

    // A newer web version exists but was never deployed: removing worker must not ship it.
    await runOperation(saveWorkloadVersion, { appId: "shop", workloadId: "web", scoreYaml: score("web", "registry.example/web:2") }, ctx);
    const removed = await settle((await runOperation(deployScore, { appId: "shop", envId: "development", workloads: [{ scoreYaml: score("worker", "registry.example/worker:1") }], remove: true }, ctx)).id);
    expect(Object.keys(removed.modules)).toEqual(["web"]);
    expect(removed.modules.web).toEqual(first.modules.web);
  });

  it("deploying every workload's latest version while removing one does not re-add it", async () => {
    const r = await settle((await runOperation(deployEnvironment, { appId: "shop", envId: "development", removeWorkloads: ["web"] }, ctx)).id);
    expect(Object.keys(r.modules)).toEqual(["worker"]);
  });
});
