import { rawAll, rawGet } from "@/db/raw";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { envTypes as envTypes_ } from "@/db/tables";
import { seesAllApplications } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { findUserByEmail } from "./users";

export const OVERVIEW_STATUSES = ["succeeded", "failed", "deploying", "outdated", "never"] as const;
export type OverviewStatusFilter = (typeof OVERVIEW_STATUSES)[number];
// 100 per page would pass 100 kB of HTML and data; 50 stays under it (bench/overview.ts).
export const OVERVIEW_PAGE_SIZES = [25, 50] as const;

/** The overview's query string, forgiving: unknown or malformed parameters are ignored. */
export const overviewQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  envType: z.string().trim().max(50).optional().catch(undefined),
  status: z.enum(OVERVIEW_STATUSES).optional().catch(undefined),
  owner: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (OVERVIEW_PAGE_SIZES as readonly number[]).includes(n))
    .optional()
    .default(25)
    .catch(25),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** Reads `?q=&envType=&status=&owner=&page=&pageSize=` (empty values mean "any"). */
export function parseOverviewQuery(params: Record<string, string | string[] | undefined>): OverviewQuery {
  const flat = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ""),
  );
  return overviewQuerySchema.parse(flat);
}

export type OutdatedReason = "values" | "definitions" | "values+definitions";

/** One environment cell, kept small: the page ships hundreds of them. */
export interface OverviewCell {
  id: string;
  name: string;
  type: string;
  deployId: string | null;
  status: "pending" | "in progress" | "succeeded" | "failed" | null;
  at: string | null;
  by: string | null;
  outdated: OutdatedReason | null;
  /** What the cluster says after a successful deployment (filled by the page from the runtime read cache). */
  runtime?: "healthy" | "unhealthy" | "starting" | "paused";
  /** Why it is unhealthy, e.g. "web: CrashLoopBackOff". */
  runtimeReason?: string;
}

export interface OverviewRow {
  id: string;
  name: string;
  envs: OverviewCell[];
}

export interface OverviewData {
  /** Columns: the org's environment types (only the filtered one when filtering by type). */
  envTypes: string[];
  /** Every environment type of the org (the filter's choices). */
  allEnvTypes: string[];
  rows: OverviewRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Environments by last status among the visible applications (for the header). */
  counts: { succeeded: number; failed: number; deploying: number; never: number };
  query: OverviewQuery;
}

/** The user a filter "owner" names: who deployed (by email) or an owner of the app. */
async function ownerUserId(db: DbOrTx, orgId: string, owner: string): Promise<string | null> {
  return owner.includes("@") ? ((await findUserByEmail(db, orgId, owner))?.id ?? null) : null;
}

const OUTDATED_VALUES = sql`(s.last_deploy_at IS NOT NULL AND s.values_changed_at > s.last_deploy_at)`;
const OUTDATED_DEFINITIONS = sql`(s.last_deploy_at IS NOT NULL AND s.defs_changed_at > s.last_deploy_at)`;

/** The environment-level conditions of the filters, on alias `s` (environment_summaries). */
async function environmentFilter(db: DbOrTx, orgId: string, q: OverviewQuery): Promise<SQL | null> {
  const parts: SQL[] = [];
  if (q.envType) parts.push(sql`s.env_type = ${q.envType}`);
  switch (q.status) {
    case "succeeded":
    case "failed":
      parts.push(sql`s.last_status = ${q.status}`);
      break;
    case "deploying":
      parts.push(sql`s.last_status IN ('pending', 'in progress')`);
      break;
    case "never":
      parts.push(sql`s.last_status IS NULL`);
      break;
    case "outdated":
      parts.push(sql`(${OUTDATED_VALUES} OR ${OUTDATED_DEFINITIONS})`);
      break;
  }
  if (q.owner) {
    const owner = q.owner.toLowerCase();
    const userId = await ownerUserId(db, orgId, owner);
    parts.push(
      userId
        ? sql`(s.last_deploy_by = ${owner} OR EXISTS (SELECT 1 FROM app_roles r WHERE r.org_id = s.org_id AND r.app_id = s.app_id AND r.user_id = ${userId} AND r.role = 'owner'))`
        : sql`s.last_deploy_by = ${owner}`,
    );
  }
  return parts.length ? sql.join(parts, sql` AND `) : null;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The overview page: applications × environments from the summary table, filtered and paged
 * in SQL. Cost does not grow with the number of deployments; with a filter on environments,
 * only applications with a matching environment are listed, and only those environments.
 */
export async function loadOverview(db: DbOrTx, actor: Actor, query: OverviewQuery): Promise<OverviewData> {
  const { orgId } = actor;
  const allTypes = (await db
    .select({ id: envTypes_.id })
    .from(envTypes_)
    .where(eq(envTypes_.orgId, orgId))
    // Types seeded together share a timestamp: then the order they were written in (rowid).
    .orderBy(asc(envTypes_.createdAt), sql`rowid`))
    .map((t) => t.id);
  const envTypes = query.envType ? allTypes.filter((t) => t === query.envType) : allTypes;

  const appConds: SQL[] = [sql`a.org_id = ${orgId}`];
  if (!seesAllApplications(actor)) {
    const ids = Object.keys(actor.appRoles);
    if (ids.length === 0) return { envTypes, allEnvTypes: allTypes, rows: [], total: 0, page: 1, pageSize: query.pageSize, counts: { succeeded: 0, failed: 0, deploying: 0, never: 0 }, query };
    appConds.push(sql`a.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  }
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    appConds.push(sql`(lower(a.id) LIKE ${like} ESCAPE '\\' OR lower(a.name) LIKE ${like} ESCAPE '\\')`);
  }
  const visibleApps = sql.join(appConds, sql` AND `);
  const envFilter = await environmentFilter(db, orgId, query);
  const appWhere = envFilter
    ? // Uncorrelated on purpose: computed once through the (type, status) index, not per application.
      sql`${visibleApps} AND a.id IN (SELECT s.app_id FROM environment_summaries s WHERE s.org_id = ${orgId} AND ${envFilter})`
    : visibleApps;

  const total = (await rawGet<{ n: number }>(db, sql`SELECT count(*) AS n FROM applications a WHERE ${appWhere}`))?.n ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, lastPage);
  const apps = await rawAll<{ id: string; name: string }>(db, sql`SELECT a.id, a.name FROM applications a WHERE ${appWhere} ORDER BY a.id LIMIT ${query.pageSize} OFFSET ${(page - 1) * query.pageSize}`);

  const rows: OverviewRow[] = apps.map((a) => ({ id: a.id, name: a.name, envs: [] }));
  if (apps.length > 0) {
    const byApp = new Map(rows.map((r) => [r.id, r]));
    const cells = await rawAll<{
      appId: string;
      id: string;
      name: string;
      type: string;
      deployId: string | null;
      status: OverviewCell["status"];
      at: string | null;
      by: string | null;
      outdatedValues: number;
      outdatedDefinitions: number;
    }>(db, sql`
      SELECT s.app_id AS "appId", s.env_id AS id, e.name AS name, s.env_type AS type, s.last_deploy_id AS "deployId",
        s.last_status AS status, s.last_deploy_at AS at, s.last_deploy_by AS "by",
        ${OUTDATED_VALUES} AS "outdatedValues", ${OUTDATED_DEFINITIONS} AS "outdatedDefinitions"
      FROM environment_summaries s
      JOIN environments e ON e.org_id = s.org_id AND e.app_id = s.app_id AND e.id = s.env_id
      WHERE s.org_id = ${orgId} AND s.app_id IN (${sql.join(apps.map((a) => sql`${a.id}`), sql`, `)})
        ${envFilter ? sql`AND ${envFilter}` : sql``}
      ORDER BY s.app_id, e.created_at, e.id`);
    for (const c of cells) {
      const outdated: OutdatedReason | null =
        c.outdatedValues && c.outdatedDefinitions ? "values+definitions" : c.outdatedValues ? "values" : c.outdatedDefinitions ? "definitions" : null;
      byApp.get(c.appId)?.envs.push({ id: c.id, name: c.name, type: c.type, deployId: c.deployId, status: c.status, at: c.at, by: c.by, outdated });
    }
  }

  // Header counts over the visible (and searched) applications, by the env-type filter only.
  const byType = query.envType ? sql`AND s.env_type = ${query.envType}` : sql``;
  const countRows = await rawAll<{ status: string | null; n: number }>(db, appConds.length === 1
      ? sql`SELECT s.last_status AS status, count(*) AS n FROM environment_summaries s WHERE s.org_id = ${orgId} ${byType} GROUP BY s.last_status`
      : sql`SELECT s.last_status AS status, count(*) AS n FROM environment_summaries s
          JOIN applications a ON a.org_id = s.org_id AND a.id = s.app_id
          WHERE ${visibleApps} ${byType} GROUP BY s.last_status`);
  const counts = { succeeded: 0, failed: 0, deploying: 0, never: 0 };
  for (const c of countRows) {
    if (c.status === "succeeded" || c.status === "failed") counts[c.status] += c.n;
    else if (c.status === null) counts.never += c.n;
    else counts.deploying += c.n;
  }
  return { envTypes, allEnvTypes: allTypes, rows, total, page, pageSize: query.pageSize, counts, query: { ...query, page } };
}
