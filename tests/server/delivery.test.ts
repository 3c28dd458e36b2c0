import { jsonColumn, queryRows } from "../test-db";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { deliveryByEnvType, deliveryMetrics, periodRange, quantile, type PeriodRange } from "@/lib/server/data/delivery-metrics";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { ORG, actorFor, seededDb } from "./helpers";
import { SCORE, deployFixture } from "./deploy-fixture";

const H = 3600;
const D = 86_400;
const T = Date.parse("2026-03-01T00:00:00Z");
const at = (secondsBeforeT: number) => new Date(T - secondsBeforeT * 1000).toISOString();
const RANGE: PeriodRange = { from: at(30 * D), to: at(0), days: 30, bucket: "day" };

/**
 * A hand-built history (times chosen, rows written directly) whose figures are worked out
 * by hand below: production and development of app `shop`, workload `web` v1–v3.
 */
async function handBuiltHistory(): Promise<Db> {
  const db = await seededDb();
  const ctx = { db, actor: (await actorFor(db, "admin@example.com")) };
  await runOperation(createApplication, { id: "shop" }, ctx);
  await runOperation(createEnvironment, { appId: "shop", id: "production", type: "production" }, ctx);
  for (const tag of ["1", "2", "3"]) await runOperation(saveWorkloadVersion, { appId: "shop", workloadId: tag === "1" ? undefined : "web", scoreYaml: SCORE.replace("image: .", `image: web:${tag}`) }, ctx);
  const created = { 1: at(20 * D), 2: at(10 * D), 3: at(2 * D) };
  for (const [v, when] of Object.entries(created)) await queryRows(db, "UPDATE workload_versions SET created_at = ? WHERE workload_id = 'web' AND version = ?", when, Number(v));
  await queryRows(db, "INSERT INTO deployment_sets (id, org_id, content, created_at) VALUES ('s', ?, '{}', ?)", ORG, at(40 * D));
  let n = 0;
  const deploy = async (env: string, version: number, status: string, finishedBeforeT: number | null) => {
    const finished = finishedBeforeT === null ? null : at(finishedBeforeT);
    await queryRows(
      db,
      "INSERT INTO deployments (id, org_id, app_id, env_id, set_id, workload_versions, status, status_changed_at, finished_at, created_at, created_by) VALUES (?, ?, 'shop', ?, 's', ?, ?, ?, ?, ?, 'admin@example.com')",
      `d${n++}`, ORG, env, JSON.stringify({ web: version }), status, finished ?? at(0), finished, finished ? new Date(Date.parse(finished) - 60_000).toISOString() : at(0),
    );
  };
  // production
  await deploy("production", 1, "succeeded", 19 * D); // v1 lands: lead 1 d
  await deploy("production", 2, "failed", 9 * D); // incident begins
  await deploy("production", 2, "failed", 8 * D); // same incident
  await deploy("production", 2, "succeeded", 7 * D); // v2 lands: lead 3 d; restored after 2 d
  await deploy("production", 1, "succeeded", 6 * D); // rollback to v1: not a new change
  await deploy("production", 3, "succeeded", 1 * D); // v3 lands: lead 1 d
  await deploy("production", 3, "failed", 12 * H); // open incident
  // development
  await deploy("development", 1, "succeeded", 20 * D - 2 * H); // lead 2 h
  await deploy("development", 2, "succeeded", 10 * D - 1 * H); // lead 1 h
  await deploy("development", 2, "failed", 5 * D);
  await deploy("development", 2, "succeeded", 5 * D - 30 * 60); // restored after 30 min
  await deploy("development", 3, "pending", null); // not finished: ignored
  await deploy("development", 3, "succeeded", -1 * D); // after the period: ignored
  return db;
}

describe("delivery figures", () => {
  it("match a hand-built history, per environment type and for the whole app", async () => {
    const db = await handBuiltHistory();
    const prod = await deliveryMetrics(db, { orgId: ORG, appId: "shop", envType: "production" }, RANGE);
    expect(prod.deployments).toEqual({ finished: 7, succeeded: 4, failed: 3 });
    expect(prod.deploymentsPerDay).toBeCloseTo(4 / 30);
    expect(prod.changeFailureRate).toBeCloseTo(3 / 7);
    expect(prod.leadTime).toEqual({ changes: 3, medianSeconds: 1 * D, p90Seconds: 1 * D + 0.8 * (3 * D - 1 * D) });
    expect(prod.timeToRestore).toEqual({ incidents: 2, restored: 1, open: 1, medianSeconds: 2 * D, maxSeconds: 2 * D });

    const dev = await deliveryMetrics(db, { orgId: ORG, envType: "development" }, RANGE);
    expect(dev.deployments).toEqual({ finished: 4, succeeded: 3, failed: 1 });
    expect(dev.leadTime.medianSeconds).toBe(1.5 * H);
    expect(dev.timeToRestore).toMatchObject({ incidents: 1, restored: 1, open: 0, medianSeconds: 30 * 60 });

    const all = await deliveryMetrics(db, { orgId: ORG, appId: "shop" }, RANGE);
    expect(all.deployments).toEqual({ finished: 11, succeeded: 7, failed: 4 });
    expect(all.leadTime).toMatchObject({ changes: 5, medianSeconds: 1 * D });

    // The chart's buckets: one per day, each deployment in the day it finished.
    expect(prod.series).toHaveLength(31);
    const day = (before: number) => prod.series.find((b) => b.start === at(before).slice(0, 10))!;
    expect(day(7 * D)).toEqual({ start: at(7 * D).slice(0, 10), succeeded: 1, failed: 0, leadTimeHours: 72 });
    expect(day(9 * D)).toMatchObject({ succeeded: 0, failed: 1, leadTimeHours: null });
    expect(prod.series.reduce((s, b) => s + b.succeeded + b.failed, 0)).toBe(7);

    // A shorter period keeps only what finished (or began) inside it.
    const week = await deliveryMetrics(db, { orgId: ORG, appId: "shop", envType: "production" }, { ...RANGE, from: at(7 * D + 1), days: 7 });
    expect(week.deployments).toEqual({ finished: 4, succeeded: 3, failed: 1 });
    expect(week.timeToRestore).toMatchObject({ incidents: 1, restored: 0, open: 1 });
    expect(week.leadTime.changes).toBe(2);

    // Weekly buckets for 90 days start on Mondays.
    const quarter = await deliveryMetrics(db, { orgId: ORG }, { from: at(90 * D), to: at(0), days: 90, bucket: "week" });
    expect(quarter.series.every((b) => new Date(`${b.start}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(quarter.series.reduce((s, b) => s + b.succeeded + b.failed, 0)).toBe(11);

    const byType = await deliveryByEnvType(db, ORG, ["development", "staging", "production"], RANGE);
    expect(byType.map((t) => [t.envType, t.metrics.deployments.finished])).toEqual([
      ["development", 4],
      ["staging", 0],
      ["production", 7],
    ]);
    expect(byType[1].metrics.changeFailureRate).toBeNull();
  });

  it("quantiles interpolate", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
});

describe("delivery figures from real deployments", () => {
  it("count what the worker recorded: lead time from the version's creation to the deployment's finish", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hi" }, f.ctx);
    await runOperation(createEnvironment, { appId: "shop", id: "production", type: "production" }, f.ctx);
    const run = async (envId: string) => {
      const { id } = await runOperation(deployEnvironment, { appId: "shop", envId, workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
      f.worker.kick();
      await f.worker.idle();
      return id;
    };
    await run("development");
    await runOperation(saveWorkloadVersion, { appId: "shop", workloadId: "web", scoreYaml: SCORE.replace("MOTD:", "GREETING: hello\n      MOTD:") }, f.ctx);
    await run("development");
    await run("development"); // same version again: not a new change
    await run("production"); // no postgres definition for production: fails

    // Each deployment with the creation time of the web version it deployed.
    const versionCreated = new Map((await queryRows<{ version: number; created: string }>(f.db, "SELECT version, created_at AS created FROM workload_versions WHERE app_id = 'shop' AND workload_id = 'web'")).map((v) => [Number(v.version), v.created]));
    const rows = (await queryRows<{ env: string; status: string; finished: string; versions: unknown }>(f.db, "SELECT env_id AS env, status, finished_at AS finished, workload_versions AS versions FROM deployments ORDER BY created_at")).map((d) => ({
      ...d,
      created: versionCreated.get(jsonColumn<Record<string, number>>(d.versions).web)!,
    }));
    expect(rows.map((r) => `${r.env}:${r.status}`)).toEqual(["development:succeeded", "development:succeeded", "development:succeeded", "production:failed"]);

    const range = periodRange("7d");
    const m = await deliveryMetrics(f.db, { orgId: ORG, appId: "shop" }, range);
    expect(m.deployments).toEqual({ finished: 4, succeeded: 3, failed: 1 });
    expect(m.changeFailureRate).toBe(0.25);
    const expected = rows.slice(0, 2).map((r) => (Date.parse(r.finished) - Date.parse(r.created)) / 1000).sort((a, b) => a - b);
    expect(m.leadTime.changes).toBe(2);
    expect(m.leadTime.medianSeconds).toBeCloseTo((expected[0] + expected[1]) / 2, 6);
    expect(m.timeToRestore).toMatchObject({ incidents: 1, restored: 0, open: 1 });
    const prod = await deliveryMetrics(f.db, { orgId: ORG, envType: "production" }, range);
    expect(prod.deployments).toEqual({ finished: 1, succeeded: 0, failed: 1 });
    expect(prod.series.at(-1)).toMatchObject({ failed: 1 });
  });
});
