import { parse as parseYaml } from "yaml";
import type { DbOrTx } from "@/db/client";
import { matchDefinition } from "@/lib/engine/matching";
import type { EnvironmentRecord } from "./apps";
import { loadDefinitionsForMatching } from "./definitions";

export interface ResourceMatchRow {
  name: string;
  type: string;
  class: string;
  resId: string;
  /** Per environment id: the definition that would be used, or why none. */
  byEnv: Record<string, { defId?: string; criterion?: string; note?: string }>;
}

// Types the Score converter handles itself rather than through definitions.
const CONVERTER_TYPES: Record<string, string> = { environment: "shared values", service: "another workload's service" };

/**
 * For the editor's side panel: each resource of the workload and what it would match per
 * environment. Undefined when the text is not readable YAML (half-typed), so a live panel can
 * keep showing the last answer.
 */
export async function workloadResourceMatches(
  db: DbOrTx,
  orgId: string,
  appId: string,
  workloadId: string,
  scoreYaml: string,
  envs: EnvironmentRecord[],
): Promise<ResourceMatchRow[] | undefined> {
  let resources: Record<string, { type?: unknown; class?: unknown; id?: unknown }> = {};
  try {
    const doc = parseYaml(scoreYaml) as { resources?: unknown } | null;
    const declared = doc?.resources ?? {};
    if (typeof declared !== "object" || declared === null || Array.isArray(declared)) return [];
    resources = declared as typeof resources;
  } catch {
    return undefined;
  }
  const defs = await loadDefinitionsForMatching(db, orgId);
  return Object.entries(resources).flatMap(([name, r]) => {
    if (!r || typeof r.type !== "string") return [];
    const cls = typeof r.class === "string" ? r.class : "default";
    const resId = typeof r.id === "string" ? `shared.${r.id}` : `modules.${workloadId}.externals.${name}`;
    const byEnv: ResourceMatchRow["byEnv"] = {};
    for (const env of envs) {
      if (CONVERTER_TYPES[r.type]) {
        byEnv[env.id] = { note: CONVERTER_TYPES[r.type] };
        continue;
      }
      const m = matchDefinition(defs, { type: r.type, class: cls, res_id: resId, app_id: appId, env_id: env.id, env_type: env.type });
      if (!m) byEnv[env.id] = { note: "no matching definition" };
      else {
        const c = m.criterion;
        const crit = [c.env_type && `env_type=${c.env_type}`, c.app_id && `app_id=${c.app_id}`, c.env_id && `env_id=${c.env_id}`, c.res_id && `res_id=${c.res_id}`].filter(Boolean).join(" ");
        byEnv[env.id] = { defId: m.definition.id, criterion: crit || "{} (everything)" };
      }
    }
    return [{ name, type: r.type, class: cls, resId, byEnv }];
  });
}
