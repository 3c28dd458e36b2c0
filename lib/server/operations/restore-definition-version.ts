import { z } from "zod";
import { decryptSecretInputs, getDefinitionRow, getDefinitionVersionContent } from "@/lib/server/data/definitions";
import { SafeError, notFound } from "@/lib/server/errors";
import { definitionIdInput } from "./definition-input";
import { refuseOnErrors, stripCriterionIds, validateInOrg, writeDefinition } from "./definition-store";
import { defineOperation, secretsOf } from "./operation";

export const restoreDefinitionVersionInput = z.object({ id: definitionIdInput, versionId: z.string().min(1) });

/**
 * Makes an earlier version's content current again (as a new `restored` version). The sealed
 * secrets of that version are reused as they are; the content is validated again, since other
 * definitions may have taken its criteria since.
 */
export const restoreDefinitionVersion = defineOperation({
  name: "definition.restore",
  input: restoreDefinitionVersionInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, ctx) {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    const orgId = actor.orgId;
    const content = await getDefinitionVersionContent(tx, orgId, input.id, input.versionId);
    if (!content) throw notFound(`Version ${input.versionId} of resource definition "${input.id}"`);
    const existing = await getDefinitionRow(tx, orgId, input.id);
    if (existing && existing.type !== content.definition.type) {
      throw new SafeError("conflict", `That version is of type "${content.definition.type}" but the definition is now "${existing.type}"`);
    }
    const def = { ...content.definition, criteria: stripCriterionIds(content.definition.criteria) };
    // Validate with the secrets the version holds (the driver's schema covers them too).
    const secrets = decryptSecretInputs(box, content.secrets_enc);
    const withSecrets = secrets ? { ...def, driver_inputs: { ...def.driver_inputs, secrets } } : def;
    refuseOnErrors(await validateInOrg(tx, orgId, withSecrets, { templateSeverity: "warning" }), `Version of "${input.id}" was not restored`);
    const versionId = await writeDefinition(tx, box, actor, def, { secrets: { ciphertext: content.secrets_enc }, action: "restored" });
    return { id: input.id, versionId, restoredFrom: input.versionId };
  },
  audit: (input) => ({ target: `definition/${input.id}`, details: { restoredFrom: input.versionId } }),
});
