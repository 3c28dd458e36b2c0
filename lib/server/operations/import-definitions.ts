import { z } from "zod";
import type { Tx } from "@/db/client";
import { formatHumctlIssue, importHumctlYaml, isDriverAvailable, type HumctlIssue } from "@/lib/engine/definitions";
import { criterionKey } from "@/lib/engine/matching";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { loadOrgDefinitions } from "@/lib/server/data/definitions";
import { SafeError } from "@/lib/server/errors";
import { loadCustomResourceTypes } from "@/lib/server/data/resources";
import { accountsOf, isUnchanged, storedState, writeDefinition } from "./definition-store";
import { defineOperation, secretsOf } from "./operation";

export interface ImportPlanEntry {
  id: string;
  document: number;
  line: number;
  type: string;
  driverType: string;
  driverAvailable: boolean;
  status: "new" | "updated" | "unchanged";
  /** The file's criteria differ from the stored ones (they replace them). */
  criteriaReplaced: boolean;
  /** `kept`: the file has no secret inputs, the stored ones stay (secrets are write-only). */
  secrets: "from file" | "kept" | "none";
}

export interface ImportPlan {
  entries: ImportPlanEntry[];
  errors: HumctlIssue[];
  warnings: HumctlIssue[];
}

const MAX_IMPORT = 2 * 1024 * 1024;

function hasOwnSecrets(def: ResourceDefinition): boolean {
  return def.driver_inputs?.secrets !== undefined && def.driver_inputs.secrets !== null;
}

/** Whether stored secret inputs are kept: the file has neither secrets nor secret_refs. */
function keepsSecrets(def: ResourceDefinition): boolean {
  return !hasOwnSecrets(def) && def.driver_inputs?.secret_refs === undefined;
}

async function parseForOrg(tx: Tx, orgId: string, yaml: string, file: string) {
  const customTypes = await loadCustomResourceTypes(tx, orgId);
  // First pass for the ids in the file; the second checks criteria against the org as it will be.
  const first = importHumctlYaml(yaml, { file, validate: { customTypes } });
  const incoming = new Set(first.documents.map((d) => d.id).filter((id): id is string => id !== undefined));
  const others = [...(await loadOrgDefinitions(tx, orgId)).filter((d) => !incoming.has(d.id)), ...first.definitions];
  const result = importHumctlYaml(yaml, { file, validate: { customTypes, otherDefinitions: others } });
  // Accounts referenced but missing are warnings: definitions may be applied before their accounts.
  const accounts = new Set((await accountsOf(tx, orgId)).map((a) => a.id));
  for (const doc of result.documents) {
    const account = doc.definition?.driver_account;
    // A non-string account is already an error from validation; only a missing id is a warning.
    if (typeof account === "string" && account && !account.includes("${") && !accounts.has(account)) {
      const w: HumctlIssue = { file, document: doc.document, line: doc.line, column: 1, field: "entity.driver_account", message: `cloud account "${account}" does not exist yet`, severity: "warning" };
      doc.issues.push(w);
      result.warnings.push(w);
    }
  }
  return result;
}

/** What importing a humctl file would do, per definition id; writes nothing. */
export async function planHumctlImport(tx: Tx, box: SecretBox, orgId: string, yaml: string, file = "<pasted>"): Promise<ImportPlan & { definitions: ResourceDefinition[] }> {
  const result = await parseForOrg(tx, orgId, yaml, file);
  const entries: ImportPlanEntry[] = [];
  for (const doc of result.documents) {
    const def = doc.definition;
    if (!def || doc.issues.some((i) => i.severity === "error")) continue;
    const current = await storedState(tx, box, orgId, def.id);
    const keep = keepsSecrets(def);
    const criteriaReplaced = !!current && JSON.stringify((current.definition.criteria ?? []).map(criterionKey)) !== JSON.stringify((def.criteria ?? []).map(criterionKey));
    entries.push({
      id: def.id,
      document: doc.document,
      line: doc.line,
      type: def.type,
      driverType: def.driver_type,
      driverAvailable: isDriverAvailable(def.driver_type),
      status: !current ? "new" : isUnchanged(current, def, keep) ? "unchanged" : "updated",
      criteriaReplaced,
      secrets: hasOwnSecrets(def) ? "from file" : keep && current?.secrets ? "kept" : "none",
    });
  }
  if (result.documents.length === 0) {
    result.errors.push({ file, document: 1, line: 1, column: 1, field: "", message: "the file has no Definition documents", severity: "error" });
  }
  return { entries, errors: result.errors, warnings: result.warnings, definitions: result.definitions };
}

export const importDefinitionsInput = z.object({
  yaml: z.string().min(1, "paste or upload a humctl YAML file").max(MAX_IMPORT, "the file is larger than 2 MiB"),
  file: z.string().max(200).optional(),
});

/**
 * humctl apply (humanitec-model.md §6): upsert by metadata.id, criteria replaced. All or
 * nothing: any error refuses the whole file.
 */
export const importDefinitions = defineOperation({
  name: "definition.import",
  input: importDefinitionsInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, ctx) {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    const plan = await planHumctlImport(tx, box, actor.orgId, input.yaml, input.file);
    if (plan.errors.length > 0) {
      throw new SafeError("invalid", `The file was not imported: ${plan.errors.length} error(s). ${plan.errors.slice(0, 5).map(formatHumctlIssue).join("; ")}`, {
        fields: plan.errors.map((e) => ({ field: `document ${e.document}, line ${e.line}${e.field ? `, ${e.field}` : ""}`, message: e.message })),
      });
    }
    for (const entry of plan.entries) {
      if (entry.status === "unchanged") continue;
      const def = plan.definitions.find((d) => d.id === entry.id)!;
      await writeDefinition(tx, box, actor, def, { secrets: keepsSecrets(def) && entry.secrets === "kept" ? "keep" : "replace", action: entry.status === "new" ? "created" : "updated" });
    }
    return { entries: plan.entries, warnings: plan.warnings.map(formatHumctlIssue) };
  },
  audit: (input, result) => ({
    target: "definitions",
    details: { file: input.file ?? "<pasted>", definitions: Object.fromEntries(result.entries.map((e) => [e.id, e.status])) },
  }),
});
