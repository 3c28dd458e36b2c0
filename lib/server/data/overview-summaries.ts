import { bySqlDialect, first, rawRun } from "@/db/raw";
import { eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deployments } from "@/db/tables";

/**
 * Keeps `environment_summaries` current. Every hook recomputes the affected rows from the
 * sources (environment, its last deployment, value versions, the latest planned graph and
 * the versions of the definitions it matched), so a hook called twice, or late, still
 * leaves the right row. Rows of deleted environments go by cascade.
 */
// The definitions the environment's latest planned graph matched, as a JSON array of ids.
const LATEST_GRAPH = sql`
  SELECT g.graph FROM deployments g
  WHERE g.org_id = e.org_id AND g.app_id = e.app_id AND g.env_id = e.id AND g.graph IS NOT NULL
  ORDER BY g.created_at DESC LIMIT 1`;
const MATCHED_SQLITE = sql`COALESCE((
  SELECT json_group_array(DISTINCT json_extract(n.value, '$.def_id'))
  FROM json_each((${LATEST_GRAPH}), '$.nodes') n
  WHERE json_extract(n.value, '$.def_id') IS NOT NULL
), '[]')`;
const MATCHED_POSTGRES = sql`COALESCE((
  SELECT jsonb_agg(DISTINCT n ->> 'def_id')
  FROM json_array_elements((${LATEST_GRAPH}) -> 'nodes') n
  WHERE n ->> 'def_id' IS NOT NULL
), '[]'::jsonb)`;

async function upsertSummaries(db: DbOrTx, where: SQL): Promise<void> {
  await rawRun(db, sql`
    WITH src AS (
      SELECT e.org_id, e.app_id, e.id AS env_id, e.type AS env_type, d.id AS deploy_id, d.status, d.created_at, d.created_by, d.finished_at,
        (SELECT max(v.created_at) FROM value_set_versions v WHERE v.org_id = e.org_id AND v.app_id = e.app_id AND v.env_id IN ('', e.id)) AS values_changed_at,
        ${bySqlDialect(db, { sqlite: MATCHED_SQLITE, postgres: MATCHED_POSTGRES })} AS matched
      FROM environments e LEFT JOIN deployments d ON d.id = e.last_deploy_id
      WHERE ${where}
    )
    INSERT INTO environment_summaries (org_id, app_id, env_id, env_type, last_deploy_id, last_status, last_deploy_at, last_deploy_by, last_finished_at, values_changed_at, matched_def_ids, defs_changed_at, updated_at)
    SELECT org_id, app_id, env_id, env_type, deploy_id, status, created_at, created_by, finished_at, values_changed_at, matched,
      (SELECT max(v.created_at) FROM ${bySqlDialect(db, { sqlite: sql`json_each(src.matched)`, postgres: sql`jsonb_array_elements_text(src.matched)` })} j
        JOIN resource_definition_versions v ON v.org_id = src.org_id AND v.def_id = j.value),
      ${new Date().toISOString()}
    FROM src WHERE true
    ON CONFLICT (org_id, app_id, env_id) DO UPDATE SET
      env_type = excluded.env_type,
      last_deploy_id = excluded.last_deploy_id,
      last_status = excluded.last_status,
      last_deploy_at = excluded.last_deploy_at,
      last_deploy_by = excluded.last_deploy_by,
      last_finished_at = excluded.last_finished_at,
      values_changed_at = excluded.values_changed_at,
      matched_def_ids = excluded.matched_def_ids,
      defs_changed_at = excluded.defs_changed_at,
      updated_at = excluded.updated_at
  `);
}

/** After an environment was created or deployed (or its last deployment changed status). */
export async function refreshEnvironmentSummary(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<void> {
  await upsertSummaries(db, sql`e.org_id = ${orgId} AND e.app_id = ${appId} AND e.id = ${envId}`);
}

/** After a deployment changed status (worker, recovery): refreshes its environment's row. */
export async function refreshSummaryOfDeployment(db: DbOrTx, deploymentId: string): Promise<void> {
  const dep = await first(db.select({ orgId: deployments.orgId, appId: deployments.appId, envId: deployments.envId }).from(deployments).where(eq(deployments.id, deploymentId)));
  if (dep) await refreshEnvironmentSummary(db, dep.orgId, dep.appId, dep.envId);
}

/** After an app's (`envId` "") or an environment's values changed: the "outdated" marker. */
export async function refreshSummariesAfterValueChange(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<void> {
  await upsertSummaries(db, envId === "" ? sql`e.org_id = ${orgId} AND e.app_id = ${appId}` : sql`e.org_id = ${orgId} AND e.app_id = ${appId} AND e.id = ${envId}`);
}

/**
 * After a definition got a new version (edit, criteria, deletion, restore): environments
 * whose latest graph matched it learn when. Its newest version is the maximum, so this
 * equals a recompute; ids are `[a-z0-9-]`, so the quoted id finds it in the JSON array.
 */
export async function refreshSummariesAfterDefinitionChange(db: DbOrTx, orgId: string, defId: string): Promise<void> {
  await rawRun(db, sql`
    UPDATE environment_summaries SET defs_changed_at = x.at
    FROM (SELECT max(created_at) AS at FROM resource_definition_versions WHERE org_id = ${orgId} AND def_id = ${defId}) x
    WHERE environment_summaries.org_id = ${orgId} AND ${bySqlDialect(db, {
      sqlite: sql`instr(environment_summaries.matched_def_ids, ${JSON.stringify(defId)}) > 0`,
      postgres: sql`environment_summaries.matched_def_ids @> ${JSON.stringify([defId])}::jsonb`,
    })}
      AND (environment_summaries.defs_changed_at IS NULL OR environment_summaries.defs_changed_at < x.at)`);
}

/** Rebuilds every row of an organisation (benchmarks, repairs). */
export async function rebuildEnvironmentSummaries(db: DbOrTx, orgId: string): Promise<void> {
  await upsertSummaries(db, sql`e.org_id = ${orgId}`);
}
