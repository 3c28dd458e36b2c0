import { parse as parseYaml } from "yaml";
import type { DbOrTx } from "@/db/client";
import { getWorkloadVersion } from "./workloads";

/** A Score resource of type `environment`: the workload reads shared values through it. */
export interface ScoreValuesResource {
  workload: string;
  name: string;
  /** The value keys the Score file reads through it (`${resources.NAME.KEY}`), sorted. */
  reads: string[];
}

/**
 * The `environment` resources the deployed workload versions declare. The engine resolves
 * them to shared values and keeps no graph node for them; the graph picture draws them.
 */
export async function scoreValuesResources(db: DbOrTx, orgId: string, appId: string, workloadVersions: Record<string, number> | null): Promise<ScoreValuesResource[]> {
  const out: ScoreValuesResource[] = [];
  for (const [workload, version] of Object.entries(workloadVersions ?? {})) {
    const text = (await getWorkloadVersion(db, orgId, appId, workload, version))?.scoreYaml;
    if (!text) continue;
    let resources: Record<string, { type?: unknown } | null> = {};
    try {
      resources = (parseYaml(text) as { resources?: typeof resources } | null)?.resources ?? {};
    } catch {
      continue;
    }
    for (const [name, r] of Object.entries(resources)) {
      if (r?.type !== "environment") continue;
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const reads = [...text.matchAll(new RegExp(`\\$\\{resources\\.${escaped}\\.([A-Za-z0-9_-]+)\\}`, "g"))].map((m) => m[1]);
      out.push({ workload, name, reads: [...new Set(reads)].sort() });
    }
  }
  return out;
}
