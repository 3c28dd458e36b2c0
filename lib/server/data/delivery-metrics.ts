import { bySqlDialect, rawAll } from "@/db/raw";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Delivery figures (the DORA four) computed from recorded deployments, for one application
 * or the whole organisation, optionally one environment type:
 *
 * - deployment frequency: finished deployments per bucket, successful ones per day;
 * - change failure rate: failed ÷ finished deployments;
 * - lead time: from a workload version's creation to its first successful deployment to an
 *   environment (redeploys and rollbacks of a version already there do not count again);
 * - time to restore: from a failure that broke a working (or new) environment to the next
 *   successful deployment there; consecutive failures are one incident.
 *
 * A deployment belongs to the period by when it finished; an incident by when it began.
 */

export const PERIODS = { "7d": 7, "30d": 30, "90d": 90 } as const;
export type Period = keyof typeof PERIODS;

export interface DeliveryScope {
  orgId: string;
  appId?: string;
  envType?: string;
}

export interface PeriodRange {
  from: string;
  to: string;
  days: number;
  bucket: "day" | "week";
}

export interface DeliveryBucket {
  /** First day of the bucket (UTC), YYYY-MM-DD. */
  start: string;
  succeeded: number;
  failed: number;
  /** Median lead time of the changes that landed in this bucket, in hours. */
  leadTimeHours: number | null;
}

export interface DeliveryMetrics {
  range: PeriodRange;
  deployments: { finished: number; succeeded: number; failed: number };
  /** Successful deployments per day over the period. */
  deploymentsPerDay: number;
  /** failed ÷ finished, null without finished deployments. */
  changeFailureRate: number | null;
  leadTime: { changes: number; medianSeconds: number | null; p90Seconds: number | null };
  timeToRestore: { incidents: number; restored: number; open: number; medianSeconds: number | null; maxSeconds: number | null };
  series: DeliveryBucket[];
}

const DAY = 86_400_000;

/** The period ending now: daily buckets up to 30 days, weekly beyond. */
export function periodRange(period: Period, now: Date = new Date()): PeriodRange {
  const days = PERIODS[period];
  return { from: new Date(now.getTime() - days * DAY).toISOString(), to: now.toISOString(), days, bucket: days > 30 ? "week" : "day" };
}

export function parsePeriod(v: string | string[] | undefined): Period {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s in PERIODS ? (s as Period) : "30d";
}

function bucketStart(iso: string, bucket: PeriodRange["bucket"]): string {
  const d = new Date(iso.slice(0, 10) + "T00:00:00Z");
  if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // Monday
  return d.toISOString().slice(0, 10);
}

function buckets(range: PeriodRange): string[] {
  const out: string[] = [];
  const step = range.bucket === "week" ? 7 : 1;
  const last = bucketStart(range.to, range.bucket);
  for (let d = new Date(bucketStart(range.from, range.bucket) + "T00:00:00Z"); ; d.setUTCDate(d.getUTCDate() + step)) {
    const key = d.toISOString().slice(0, 10);
    out.push(key);
    if (key >= last) break;
  }
  return out;
}

export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The deployments (alias d) in scope: joined to their environment for its type. */
function scopeWhere(scope: DeliveryScope): SQL {
  const parts: SQL[] = [sql`d.org_id = ${scope.orgId}`];
  if (scope.appId) parts.push(sql`d.app_id = ${scope.appId}`);
  if (scope.envType) parts.push(sql`e.type = ${scope.envType}`);
  return sql.join(parts, sql` AND `);
}

const FROM_SCOPE = sql`deployments d JOIN environments e ON e.org_id = d.org_id AND e.app_id = d.app_id AND e.id = d.env_id`;
const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

export async function deliveryMetrics(db: DbOrTx, scope: DeliveryScope, range: PeriodRange): Promise<DeliveryMetrics> {
  const where = scopeWhere(scope);
  const series = new Map(buckets(range).map((b) => [b, { start: b, succeeded: 0, failed: 0, lead: [] as number[] }]));

  // Frequency and failure rate: finished deployments in the period, by bucket.
  const finished = await rawAll<{ day: string; status: "succeeded" | "failed"; n: number }>(db, sql`
    SELECT substr(d.finished_at, 1, 10) AS day, d.status AS status, count(*) AS n FROM ${FROM_SCOPE}
    WHERE ${where} AND d.status IN ('succeeded', 'failed') AND d.finished_at >= ${range.from} AND d.finished_at < ${range.to}
    GROUP BY day, d.status`);
  let succeeded = 0;
  let failed = 0;
  for (const r of finished) {
    const b = series.get(bucketStart(r.day, range.bucket));
    if (r.status === "succeeded") succeeded += r.n;
    else failed += r.n;
    if (b) b[r.status] += r.n;
  }

  // Lead time: each (environment, workload, version)'s first successful deployment, if in the period.
  const changes = await rawAll<{ landed: string; created: string }>(db, sql`
    SELECT f.landed AS landed, wv.created_at AS created FROM (
      SELECT d.org_id, d.app_id, d.env_id, j.key AS workload, ${bySqlDialect(db, { sqlite: sql`j.value`, postgres: sql`j.value::integer` })} AS version, min(d.finished_at) AS landed
      FROM ${FROM_SCOPE}, ${bySqlDialect(db, { sqlite: sql`json_each(d.workload_versions)`, postgres: sql`json_each_text(d.workload_versions)` })} j
      WHERE ${where} AND d.status = 'succeeded' AND d.finished_at < ${range.to}
      GROUP BY d.org_id, d.app_id, d.env_id, j.key, j.value
    ) f
    JOIN workload_versions wv ON wv.org_id = f.org_id AND wv.app_id = f.app_id AND wv.workload_id = f.workload AND wv.version = f.version
    WHERE f.landed >= ${range.from}`);
  const leadTimes: number[] = [];
  for (const c of changes) {
    const s = Math.max(0, seconds(c.created, c.landed));
    leadTimes.push(s);
    series.get(bucketStart(c.landed, range.bucket))?.lead.push(s);
  }
  leadTimes.sort((a, b) => a - b);

  // Time to restore: walk each environment's finished deployments in order.
  const history = await rawAll<{ env: string; status: "succeeded" | "failed"; at: string }>(db, sql`
    SELECT d.app_id || '/' || d.env_id AS env, d.status AS status, d.finished_at AS at FROM ${FROM_SCOPE}
    WHERE ${where} AND d.status IN ('succeeded', 'failed') AND d.finished_at IS NOT NULL
    ORDER BY d.app_id, d.env_id, d.finished_at, d.created_at`);
  const restores: number[] = [];
  let open = 0;
  let brokenSince: string | null = null;
  let currentEnv = "";
  const closeEnv = () => {
    if (brokenSince !== null && brokenSince >= range.from && brokenSince < range.to) open += 1;
    brokenSince = null;
  };
  for (const h of history) {
    if (h.env !== currentEnv) {
      closeEnv();
      currentEnv = h.env;
    }
    if (h.status === "failed") {
      if (brokenSince === null) brokenSince = h.at;
    } else if (brokenSince !== null) {
      if (brokenSince >= range.from && brokenSince < range.to) restores.push(seconds(brokenSince, h.at));
      brokenSince = null;
    }
  }
  closeEnv();
  restores.sort((a, b) => a - b);

  const finishedCount = succeeded + failed;
  return {
    range,
    deployments: { finished: finishedCount, succeeded, failed },
    deploymentsPerDay: succeeded / range.days,
    changeFailureRate: finishedCount ? failed / finishedCount : null,
    leadTime: { changes: leadTimes.length, medianSeconds: quantile(leadTimes, 0.5), p90Seconds: quantile(leadTimes, 0.9) },
    timeToRestore: {
      incidents: restores.length + open,
      restored: restores.length,
      open,
      medianSeconds: quantile(restores, 0.5),
      maxSeconds: restores.length ? restores[restores.length - 1] : null,
    },
    series: [...series.values()].map((b) => {
      const lead = b.lead.sort((x, y) => x - y);
      const median = quantile(lead, 0.5);
      return { start: b.start, succeeded: b.succeeded, failed: b.failed, leadTimeHours: median === null ? null : median / 3600 };
    }),
  };
}

/** Figures for every environment type of the organisation (or of one application). */
export async function deliveryByEnvType(db: DbOrTx, orgId: string, envTypes: string[], range: PeriodRange, appId?: string) {
  return Promise.all(envTypes.map(async (envType) => ({ envType, metrics: await deliveryMetrics(db, { orgId, appId, envType }, range) })));
}
