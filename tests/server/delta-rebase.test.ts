import { afterEach, describe, expect, it } from "vitest";
import { getEnvironment } from "@/lib/server/data/apps";
import { getDeployment, getSet } from "@/lib/server/data/deployments";
import { createDelta } from "@/lib/server/operations/create-delta";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { rebaseEnvironment } from "@/lib/server/operations/rebase-environment";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { ORG } from "./helpers";
import { deployFixture } from "./deploy-fixture";

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe("deltas and rebase (Humanitec's API semantics)", () => {
  it("a stored delta deploys onto the environment's current set; a bad delta is refused naming its place", async () => {
    const f = await deployFixture();
    stop = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hi" }, f.ctx);
    const first = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    await f.worker.idle();
    const delta = await runOperation(createDelta, { appId: "shop", metadata: { env_id: "development" }, modules: { update: { web: [{ op: "replace", path: "/spec/containers/main/image", value: "web:2" }] } } }, f.ctx);
    const second = await runOperation(deployEnvironment, { appId: "shop", envId: "development", deltaId: delta.id }, f.ctx);
    await f.worker.idle();
    const set = (await getSet(f.db, (await getDeployment(f.db, ORG, "shop", second.id))!.setId))!;
    expect((set.modules.web.spec.containers as Record<string, { image: string }>).main.image).toBe("web:2");
    expect((await getDeployment(f.db, ORG, "shop", second.id))!.fromId).toBe(first.id);
    await expect(runOperation(createDelta, { appId: "shop", modules: { add: { bad: { profile: "x" } } } }, f.ctx)).rejects.toThrowError(/modules\.add\.bad/);
    await expect(runOperation(createDelta, { appId: "shop", shared: [{ op: "move", path: "/x" }] }, f.ctx)).rejects.toThrowError(/shared\.0\.op: op must be add, remove or replace/);
  });

  it("rebasing makes the next deployment start from another environment's deployment", async () => {
    const f = await deployFixture();
    stop = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hi" }, f.ctx);
    const dev = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:7" }] }, f.ctx);
    await f.worker.idle();
    await runOperation(createEnvironment, { appId: "shop", id: "qa", type: "development" }, f.ctx);
    await runOperation(rebaseEnvironment, { appId: "shop", envId: "qa", deployId: dev.id }, f.ctx);
    expect((await getEnvironment(f.db, ORG, "shop", "qa"))!.fromDeployId).toBe(dev.id);
    // Deploying qa without new workloads deploys what it was rebased on.
    const qa = await runOperation(deployEnvironment, { appId: "shop", envId: "qa", workloads: [] }, f.ctx);
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", qa.id))!.setId).toBe((await getDeployment(f.db, ORG, "shop", dev.id))!.setId);
    await expect(runOperation(rebaseEnvironment, { appId: "shop", envId: "qa", deployId: "nope" }, f.ctx)).rejects.toThrowError('Deployment "nope" was not found');
  });
});
