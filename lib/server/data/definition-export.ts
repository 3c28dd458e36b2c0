import type { DbOrTx } from "@/db/client";
import { exportHumctlYaml } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getDefinition, getDefinitionWithSecrets, loadOrgDefinitions } from "./definitions";

export interface ExportOptions {
  /**
   * `omit` (pages and downloads: secrets are write-only) leaves out `driver_inputs.secrets`;
   * `include` decrypts them — for server-side round trips only, never for a response.
   */
  secrets: "omit" | "include";
}

function forExport(def: ResourceDefinition): ResourceDefinition {
  // Server-owned fields are not part of the humctl document.
  const { version_id: _v, is_default: _d, is_deleted: _x, ...rest } = def;
  return rest;
}

/** humctl YAML of some (or all, when `ids` is omitted) definitions, sorted by id. */
export async function exportDefinitionsYaml(db: DbOrTx, box: SecretBox, orgId: string, ids: readonly string[] | undefined, opts: ExportOptions): Promise<string> {
  const wanted = ids ?? (await loadOrgDefinitions(db, orgId)).map((d) => d.id);
  const found: ResourceDefinition[] = [];
  for (const id of [...wanted].sort()) {
    const def = opts.secrets === "include" ? await getDefinitionWithSecrets(db, box, orgId, id) : await getDefinition(db, orgId, id);
    if (def) found.push(def);
  }
  const defs = found.map(forExport);
  return exportHumctlYaml(defs, { omitSecrets: opts.secrets === "omit" });
}
