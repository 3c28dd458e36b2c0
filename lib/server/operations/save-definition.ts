import { z } from "zod";
import type { DefinitionIssue } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { getDefinitionRow } from "@/lib/server/data/definitions";
import { SafeError, notFound } from "@/lib/server/errors";
import { criterionInput, definitionIdInput, parseYamlMapping } from "./definition-input";
import { isUnchanged, refuseOnErrors, storedState, validateInOrg, writeDefinition } from "./definition-store";
import { defineOperation, secretsOf } from "./operation";

export const saveDefinitionInput = z.object({
  mode: z.enum(["create", "update"]),
  id: definitionIdInput,
  name: z.string().trim().min(1, "name is required").max(100),
  type: z.string().trim().min(1, "type is required"),
  driverType: z.string().trim().min(1, "driver is required"),
  driverAccount: z.string().trim().optional(),
  /** `driver_inputs.values` as YAML (the Monaco editor). */
  valuesYaml: z.string().max(512 * 1024).optional(),
  secretRefsYaml: z.string().max(64 * 1024).optional(),
  provisionYaml: z.string().max(64 * 1024).optional(),
  /** Secret inputs are write-only: keep what is stored, replace it with new YAML, or clear it. */
  secrets: z.discriminatedUnion("action", [
    z.object({ action: z.literal("keep") }),
    z.object({ action: z.literal("replace"), yaml: z.string().max(256 * 1024) }),
    z.object({ action: z.literal("clear") }),
  ]),
  /** Only when creating; afterwards criteria have their own editor. */
  criteria: z.array(criterionInput).optional(),
});

export interface SaveDefinitionResult {
  id: string;
  created: boolean;
  /** False when nothing changed (no version written). */
  changed: boolean;
  versionId: string | null;
  warnings: DefinitionIssue[];
}

/** Creates or edits a definition from the editor; every change writes a version. */
export const saveDefinition = defineOperation({
  name: "definition.save",
  input: saveDefinitionInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, ctx): Promise<SaveDefinitionResult> {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    const orgId = actor.orgId;
    const existing = await getDefinitionRow(tx, orgId, input.id);
    if (input.mode === "create" && existing) {
      throw new SafeError("conflict", `A resource definition with id "${input.id}" already exists${existing.isDeleted ? " (deleted, still used by active resources)" : ""}`, {
        fields: [{ field: "id", message: "already exists" }],
      });
    }
    if (input.mode === "update" && !existing) throw notFound(`Resource definition "${input.id}"`);
    if (existing && existing.type !== input.type) {
      throw new SafeError("invalid", `type: the type of a definition cannot change (it is "${existing.type}"); create a new definition`, {
        fields: [{ field: "type", message: "cannot change" }],
      });
    }

    const values = parseYamlMapping(input.valuesYaml, "valuesYaml");
    const secretRefs = parseYamlMapping(input.secretRefsYaml, "secretRefsYaml");
    const provision = parseYamlMapping(input.provisionYaml, "provisionYaml");
    const current = existing ? (await storedState(tx, box, orgId, input.id)) : undefined;
    let secrets: Record<string, unknown> | undefined;
    if (input.secrets.action === "replace") secrets = parseYamlMapping(input.secrets.yaml, "secrets") ?? {};
    else if (input.secrets.action === "keep") secrets = current?.secrets;

    const def: ResourceDefinition = { id: input.id, name: input.name, type: input.type, driver_type: input.driverType };
    if (input.driverAccount) def.driver_account = input.driverAccount;
    const inputs: NonNullable<ResourceDefinition["driver_inputs"]> = {};
    if (values) inputs.values = values;
    if (secrets && Object.keys(secrets).length > 0) inputs.secrets = secrets;
    if (secretRefs) inputs.secret_refs = secretRefs;
    if (Object.keys(inputs).length > 0) def.driver_inputs = inputs;
    if (provision) def.provision = provision as ResourceDefinition["provision"];
    def.criteria = current ? current.definition.criteria : (input.criteria ?? []);

    const issues = await validateInOrg(tx, orgId, def);
    refuseOnErrors(issues, `Resource definition "${input.id}" was not saved`);
    const warnings = issues.filter((i) => i.severity === "warning");
    if (current && isUnchanged(current, def, false)) {
      return { id: input.id, created: false, changed: false, versionId: null, warnings };
    }
    const versionId = await writeDefinition(tx, box, actor, def, { secrets: "replace", action: existing ? "updated" : "created" });
    return { id: input.id, created: !existing, changed: true, versionId, warnings };
  },
  // Never the inputs themselves: only what changed, by name.
  audit: (input, result) => ({
    target: `definition/${input.id}`,
    details: { mode: input.mode, type: input.type, driverType: input.driverType, secrets: input.secrets.action, changed: result.changed },
  }),
});
