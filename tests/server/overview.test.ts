import { afterEach, describe, expect, it } from "vitest";
import { environmentSummaries } from "@/db/schema";
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

function summaryRows(db: ReturnType<typeof deployFixture>["db"]) {
  return db
    .select()
    .from(environmentSummaries)
    .all()
    .map(({ updatedAt: _updatedAt, ...rest }) => rest)
    .sort((a, b) => `${a.appId}/${a.envId}`.localeCompare(`${b.appId}/${b.envId}`));
}

describe("overview: the summary follows real deployments", () => {
  it("shows last status, who and when; failed, outdated and deploying markers; filters and pages in SQL", async () => {
    const f = deployFixture();
    stopWorker = () => f.worker.stop();
    const deploy = async (appId: string, envId: string, actor = f.admin) => {
      const r = runOperation(deployEnvironment, { appId, envId, workloads: appId === "shop" ? [{ workloadId: "web", image: "web:1" }] : undefined }, { ...f.ctx, actor });
      f.worker.kick();
      await f.worker.idle();
      return r.id;
    };

    runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello" }, f.ctx);
    // A fresh application: its development environment is listed, never deployed.
    let data = loadOverview(f.db, f.admin, q());
    expect(cell(data, "shop", "development")).toMatchObject({ status: null, deployId: null, outdated: null });
    expect(data.counts).toEqual({ succeeded: 0, failed: 0, deploying: 0, never: 1 });

    // Queued: the operation's hook marks it pending before the worker runs.
    const queued = runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    expect(cell(loadOverview(f.db, f.admin, q({ status: "deploying" })), "shop", "development")).toMatchObject({ status: "pending", deployId: queued.id });
    f.worker.kick();
    await f.worker.idle();
    data = loadOverview(f.db, f.admin, q());
    expect(cell(data, "shop", "development")).toMatchObject({ status: "succeeded", deployId: queued.id, by: "admin@example.com", outdated: null });

    // Production has no postgres definition: the deployment fails honestly (no-match).
    runOperation(createEnvironment, { appId: "shop", id: "production", type: "production" }, f.ctx);
    const failed = await deploy("shop", "production");
    data = loadOverview(f.db, f.admin, q({ envType: "production", status: "failed" }));
    expect(data.envTypes).toEqual(["production"]);
    expect(data.rows.map((r) => r.id)).toEqual(["shop"]);
    expect(data.rows[0].envs.map((e) => [e.id, e.status, e.deployId])).toEqual([["production", "failed", failed]]);
    expect(loadOverview(f.db, f.admin, q({ envType: "development", status: "failed" })).rows).toEqual([]);

    // A value change after the deployment marks both environments outdated (values).
    runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "changed" }, f.ctx);
    data = loadOverview(f.db, f.admin, q({ status: "outdated" }));
    expect(cell(data, "shop", "development")?.outdated).toBe("values");
    expect(cell(data, "shop", "production")?.outdated).toBe("values");

    // Redeploy development: current again. Then a matched definition changes: outdated (definitions).
    await deploy("shop", "development");
    expect(cell(loadOverview(f.db, f.admin, q()), "shop", "development")?.outdated).toBeNull();
    runOperation(
      saveDefinition,
      { mode: "update", id: "local-gitops", name: "Local GitOps (renamed)", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${f.remote}\nbranch: main\n`, secrets: { action: "keep" } },
      f.ctx,
    );
    expect(cell(loadOverview(f.db, f.admin, q()), "shop", "development")?.outdated).toBe("definitions");

    // The hooks left exactly what a rebuild from the sources computes.
    const hooked = summaryRows(f.db);
    rebuildEnvironmentSummaries(f.db, ORG);
    expect(summaryRows(f.db)).toEqual(hooked);

    // Members see only applications they hold a role on.
    runOperation(createApplication, { id: "blog" }, f.ctx);
    const developerId = actorFor(f.db, "developer@baton.local").userId;
    expect(loadOverview(f.db, actorFor(f.db, "developer@baton.local"), q()).rows).toEqual([]);
    runOperation(updateUserRoles, { userId: developerId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development"] }, f.ctx);
    const developer = actorFor(f.db, "developer@baton.local");
    expect(loadOverview(f.db, developer, q()).rows.map((r) => r.id)).toEqual(["shop"]);

    // Owner: who deployed last, or an owner of the app (the administrator created both apps).
    expect(loadOverview(f.db, f.admin, q({ owner: "developer@baton.local" })).rows).toEqual([]);
    await deploy("shop", "development", developer);
    const byDeveloper = loadOverview(f.db, f.admin, q({ owner: "Developer@baton.local" }));
    expect(byDeveloper.rows.map((r) => [r.id, r.envs.map((e) => e.id)])).toEqual([["shop", ["development"]]]);
    expect(loadOverview(f.db, f.admin, q({ owner: "admin@example.com" })).rows.map((r) => [r.id, r.envs.length])).toEqual([
      ["blog", 1],
      ["shop", 2],
    ]);

    // Search by id or name, case-insensitive; LIKE wildcards are literal.
    expect(loadOverview(f.db, f.admin, q({ q: "SHO" })).rows.map((r) => r.id)).toEqual(["shop"]);
    expect(loadOverview(f.db, f.admin, q({ q: "%" })).rows).toEqual([]);

    // Deleting an environment removes its cell (cascade).
    runOperation(deleteEnvironment, { appId: "shop", id: "production", confirm: "production" }, f.ctx);
    expect(cell(loadOverview(f.db, f.admin, q()), "shop", "production")).toBeUndefined();
  });

  it("pages applications on the server", () => {
    const f = deployFixture();
    stopWorker = () => f.worker.stop();
    for (let i = 0; i < 30; i++) runOperation(createApplication, { id: `app-${String(i).padStart(2, "0")}` }, f.ctx);
    const first = loadOverview(f.db, f.admin, q({ pageSize: "25" }));
    expect(first.total).toBe(31);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].id).toBe("app-00");
    const second = loadOverview(f.db, f.admin, q({ pageSize: "25", page: "2" }));
    expect(second.rows.map((r) => r.id)).toEqual(["app-25", "app-26", "app-27", "app-28", "app-29", "shop"]);
    // Past the end: the last page. Nonsense parameters fall back to defaults.
    expect(loadOverview(f.db, f.admin, q({ page: "99" })).page).toBe(2);
    expect(parseOverviewQuery({ page: "x", pageSize: "7", status: "weird" })).toMatchObject({ page: 1, pageSize: 25, status: undefined });
  });

  it("fails an interrupted deployment in the summary once its worker's lease expired", () => {
    const f = deployFixture();
    stopWorker = () => f.worker.stop();
    const queued = runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    // As if a dead process had taken it: in progress, never finished.
    f.db.$client.prepare("UPDATE deployments SET status = 'in progress' WHERE id = ?").run(queued.id);
    f.db.$client.prepare("UPDATE jobs SET status = 'running', lease_holder = 'dead', lease_expires_at = ? WHERE id = ?").run(new Date(Date.now() - 1).toISOString(), queued.id);
    reapExpiredJobs(f.db);
    expect(cell(loadOverview(f.db, f.admin, q()), "shop", "development")).toMatchObject({ status: "failed", deployId: queued.id });
  });
});
