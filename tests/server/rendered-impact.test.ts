import { afterEach, describe, expect, it } from "vitest";
import { withCriteria } from "@/lib/engine/matching";
import { inClusterPack } from "@/lib/engine/pack";
import { renderedImpact } from "@/lib/server/deploy/rendered-impact";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { writeDefinition } from "@/lib/server/operations/definition-store";
import { runOperation } from "@/lib/server/operations/operation";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { getDeployment } from "@/lib/server/data/deployments";
import { ORG } from "./helpers";
import { deployFixture } from "./deploy-fixture";

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe("rendered impact of a criteria change", () => {
  it("plans the environment's current deployment with the new definitions and diffs the objects", async () => {
    const f = await deployFixture();
    stop = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hi" }, f.ctx);
    const { id } = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", id))!.status).toBe("succeeded");
    // A second postgres definition, not yet matching anything.
    const big = { ...inClusterPack({ criteria: [], idPrefix: "big-", types: ["postgres"], databaseStorage: "20Gi" })[0], criteria: [] };
    await f.db.transaction(async (tx) => await writeDefinition(tx, f.box, f.admin, big, { secrets: "replace", action: "created" }));

    const unchanged = await renderedImpact(f.db, f.box, ORG, "shop", "development", (defs) => defs);
    expect(unchanged.errors).toEqual([]);
    expect(unchanged.changes).toEqual([]);

    const impact = await renderedImpact(f.db, f.box, ORG, "shop", "development", (defs) => withCriteria(defs, "big-postgres", [{ env_type: "development" }]));
    expect(impact.errors).toEqual([]);
    expect(impact.changes.some((c) => c.key.startsWith("StatefulSet/") && c.change !== "removed")).toBe(true);
    expect(impact.after).toContain("20Gi");
    expect(impact.before).not.toContain("20Gi");
    // Secrets stay masked in both renders.
    expect(impact.after).not.toMatch(/password: (?!"?\*\*\*)/);
  });

  it("says clearly when the environment was never deployed", async () => {
    const f = await deployFixture();
    stop = () => f.worker.stop();
    await expect(renderedImpact(f.db, f.box, ORG, "shop", "development", (d) => d)).rejects.toThrowError("has no deployment yet");
  });
});
