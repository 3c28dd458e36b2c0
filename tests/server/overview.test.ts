import { queryRows } from "../test-db";
import { afterEach, describe, expect, it } from "vitest";
import { environmentSummaries } from "@/db/tables";
import { loadOverview, parseOverviewQuery, type OverviewData } from "@/lib/server/data/overview";
import { rebuildEnvironmentSummaries } from "@/lib/server/data/overview-summaries";
import { reapExpiredJobs } from "@/lib/server/deploy/job-leases";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deleteEnvironment } from "@/lib/server/operations/delete-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { updateUserRoles } from "@/lib/server/operations/update-user-roles";
import { ORG, actorFor } from "./helpers";
import { deployFixture } from "./deploy-fixture";

let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
});

const q = (params: Record<string, string> = {}) => parseOverviewQuery(params);
const cell = (data: OverviewData, appId: string, envId: string) => data.rows.find((r) => r.id === appId)?.envs.find((e) => e.id === envId);

async function summaryRows(db: Awaited<ReturnType<typeof deployFixture>>["db"]) {
  return (await db
    .select()
    .from(environmentSummaries))
    .map(({ updatedAt: _updatedAt, ...rest }) => rest)
    .sort((a, b) => `${a.appId}/${a.envId}`.localeCompare(`${b.appId}/${b.envId}`));
}

describe("overview: the summary follows real deployments", () => {
  it("shows last status, who and when; failed, outdated and deploying markers; filters and pages in SQL", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    const deploy = async (appId: string, envId: string, actor = f.admin) => {
      const r = await runOperation(deployEnvironment, { appId, envId, workloads: appId === "shop" ? [{ workloadId: "web", image: "web:1" }] : undefined }, { ...f.ctx, actor });
      f.worker.kick();
      await f.worker.idle();
      return r.id;
    };

    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello" }, f.ctx);
    // A fresh application: its development environment is listed, never deployed.
    let data = await loadOverview(f.db, f.admin, q());
    expect(cell(data, "shop", "development")).toMatchObject({ status: null, deployId: null, outdated: null });
    expect(data.counts).toEqual({ succeeded: 0, failed: 0, deploying: 0, never: 1 });

    // Queued: the operation's hook marks it pending before the worker runs.
    const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    expect(cell(await loadOverview(f.db, f.admin, q({ status: "deploying" })), "shop", "development")).toMatchObject({ status: "pending", deployId: queued.id });
    f.worker.kick();
    await f.worker.idle();
    data = await loadOverview(f.db, f.admin, q());
    expect(cell(data, "shop", "development")).toMatchObject({ status: "succeeded", deployId: queued.id, by: "admin@example.com", outdated: null });

    // Production has no postgres definition: the deployment fails honestly (no-match).
    await runOperation(createEnvironment, { appId: "shop", id: "production", type: "production" }, f.ctx);
    const failed = await deploy("shop", "production");
    data = await loadOverview(f.db, f.admin, q({ envType: "production", status: "failed" }));
    expect(data.envTypes).toEqual(["production"]);
    expect(data.rows.map((r) => r.id)).toEqual(["shop"]);
    expect(data.rows[0].envs.map((e) => [e.id, e.status, e.deployId])).toEqual([["production", "failed", failed]]);
    expect((await loadOverview(f.db, f.admin, q({ envType: "development", status: "failed" }))).rows).toEqual([]);

    // A value change after the deployment marks both environments outdated (values).
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "changed" }, f.ctx);
    data = await loadOverview(f.db, f.admin, q({ status: "outdated" }));
    expect(cell(data, "shop", "development")?.outdated).toBe("values");
    expect(cell(data, "shop", "production")?.outdated).toBe("values");

    // Redeploy development: current again. Then a matched definition changes: outdated (definitions).
    await deploy("shop", "development");
    expect(cell(await loadOverview(f.db, f.admin, q()), "shop", "development")?.outdated).toBeNull();
    await runOperation(
      saveDefinition,
      { mode: "update", id: "local-gitops", name: "Local GitOps (renamed)", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${f.remote}\nbranch: main\n`, secrets: { action: "keep" } },
      f.ctx,
    );
    expect(cell(await loadOverview(f.db, f.admin, q()), "shop", "development")?.outdated).toBe("definitions");

    // The hooks left exactly what a rebuild from the sources computes.
    const hooked = await summaryRows(f.db);
    await rebuildEnvironmentSummaries(f.db, ORG);
    expect(await summaryRows(f.db)).toEqual(hooked);

    // Members see only applications they hold a role on.
    await runOperation(createApplication, { id: "blog" }, f.ctx);
    const developerId = (await actorFor(f.db, "developer@baton.local")).userId;
    expect((await loadOverview(f.db, await actorFor(f.db, "developer@baton.local"), q())).rows).toEqual([]);
    await runOperation(updateUserRoles, { userId: developerId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development"] }, f.ctx);
    const developer = await actorFor(f.db, "developer@baton.local");
    expect((await loadOverview(f.db, developer, q())).rows.map((r) => r.id)).toEqual(["shop"]);

    // Owner: who deployed last, or an owner of the app (the administrator created both apps).
    expect((await loadOverview(f.db, f.admin, q({ owner: "developer@baton.local" }))).rows).toEqual([]);
    await deploy("shop", "development", developer);
    const byDeveloper = await loadOverview(f.db, f.admin, q({ owner: "Developer@baton.local" }));
    expect(byDeveloper.rows.map((r) => [r.id, r.envs.map((e) => e.id)])).toEqual([["shop", ["development"]]]);
    expect((await loadOverview(f.db, f.admin, q({ owner: "admin@example.com" }))).rows.map((r) => [r.id, r.envs.length])).toEqual([
      ["blog", 1],
      ["shop", 2],
    ]);

    // Search by id or name, case-insensitive; LIKE wildcards are literal.
    expect((await loadOverview(f.db, f.admin, q({ q: "SHO" }))).rows.map((r) => r.id)).toEqual(["shop"]);
    expect((await loadOverview(f.db, f.admin, q({ q: "%" }))).rows).toEqual([]);

    // Deleting an environment removes its cell (cascade).
    await runOperation(deleteEnvironment, { appId: "shop", id: "production", confirm: "production" }, f.ctx);
    expect(cell(await loadOverview(f.db, f.admin, q()), "shop", "production")).toBeUndefined();
  });

  it("pages applications on the server", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    for (let i = 0; i < 30; i++) await runOperation(createApplication, { id: `app-${String(i).padStart(2, "0")}` }, f.ctx);
    const first = await loadOverview(f.db, f.admin, q({ pageSize: "25" }));
    expect(first.total).toBe(31);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].id).toBe("app-00");
    const second = await loadOverview(f.db, f.admin, q({ pageSize: "25", page: "2" }));
    expect(second.rows.map((r) => r.id)).toEqual(["app-25", "app-26", "app-27", "app-28", "app-29", "shop"]);
    // Past the end: the last page. Nonsense parameters fall back to defaults.
    expect((await loadOverview(f.db, f.admin, q({ page: "99" }))).page).toBe(2);
    expect(parseOverviewQuery({ page: "x", pageSize: "7", status: "weird" })).toMatchObject({ page: 1, pageSize: 25, status: undefined });
  });

  it("fails an interrupted deployment in the summary once its worker's lease expired", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    // As if a dead process had taken it: in progress, never finished.
    (await queryRows(f.db, "UPDATE deployments SET status = 'in progress' WHERE id = ?", queued.id));
    (await queryRows(f.db, "UPDATE jobs SET status = 'running', lease_holder = 'dead', lease_expires_at = ? WHERE id = ?", new Date(Date.now() - 1).toISOString(), queued.id));
    await reapExpiredJobs(f.db);
    expect(cell(await loadOverview(f.db, f.admin, q()), "shop", "development")).toMatchObject({ status: "failed", deployId: queued.id });
  });
});
