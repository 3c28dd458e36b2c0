import { z } from "zod";
import { validateCriteria } from "@/lib/engine/matching";
import { getDefinition, getDefinitionRow, loadOrgDefinitions } from "@/lib/server/data/definitions";
import { SafeError, notFound } from "@/lib/server/errors";
import { criterionInput, definitionIdInput } from "./definition-input";
import { recordVersion, replaceCriteriaRows } from "./definition-store";
import { defineOperation } from "./operation";

export const replaceDefinitionCriteriaInput = z.object({ id: definitionIdInput, criteria: z.array(criterionInput).max(500) });

/** PUT semantics (humanitec-model.md §1): the list replaces the definition's criteria. */
export const replaceDefinitionCriteria = defineOperation({
  name: "definition.criteria.replace",
  input: replaceDefinitionCriteriaInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    const row = await getDefinitionRow(tx, orgId, input.id);
    if (!row || row.isDeleted) throw notFound(`Resource definition "${input.id}"`);
    const others = (await loadOrgDefinitions(tx, orgId)).filter((d) => d.type === row.type && d.id !== input.id);
    const errors = validateCriteria(input.criteria, { otherDefinitions: others });
    if (errors.length > 0) {
      throw new SafeError("conflict", errors.map((e) => `${e.path}: ${e.message}`).join("; "), {
        fields: errors.map((e) => ({ field: e.path, message: e.message })),
      });
    }
    const criteria = await replaceCriteriaRows(tx, orgId, input.id, input.criteria);
    const def = (await getDefinition(tx, orgId, input.id))!;
    await recordVersion(tx, actor, input.id, "updated", { ...def, criteria }, row.driverInputsSecretsEnc);
    return { id: input.id, criteria };
  },
  audit: (input) => ({ target: `definition/${input.id}`, details: { criteria: input.criteria } }),
});
