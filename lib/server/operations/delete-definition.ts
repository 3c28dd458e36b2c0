import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { matchingCriteria, resourceDefinitions } from "@/db/tables";
import { getDefinition, getDefinitionRow } from "@/lib/server/data/definitions";
import { activeResourcesOfDefinition, type ActiveResourceUse } from "@/lib/server/data/resource-usages";
import { SafeError, notFound } from "@/lib/server/errors";
import { definitionIdInput } from "./definition-input";
import { recordVersion } from "./definition-store";
import { defineOperation } from "./operation";

export const deleteDefinitionInput = z.object({
  id: definitionIdInput,
  /** Delete even though active resources use it: it is then only marked deleted. */
  force: z.boolean().optional().default(false),
});

export interface DeleteDefinitionResult {
  id: string;
  /** `marked`: kept as deleted because active resources still use it (forced). */
  outcome: "deleted" | "marked";
  inUseBy: ActiveResourceUse[];
}

function describeUse(u: ActiveResourceUse): string {
  return `${u.appId}/${u.envId} ${u.resId} (${u.type}${u.class !== "default" ? `.${u.class}` : ""})`;
}

/**
 * Deletes a definition (humanitec-model.md §1): immediately when no active resource uses it;
 * otherwise refused with the list, unless forced — then marked deleted so matching skips it and
 * the next deployment of each affected environment re-matches its resources.
 */
export const deleteDefinition = defineOperation({
  name: "definition.delete",
  input: deleteDefinitionInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, { actor }): Promise<DeleteDefinitionResult> {
    const orgId = actor.orgId;
    const row = await getDefinitionRow(tx, orgId, input.id);
    if (!row || row.isDeleted) throw notFound(`Resource definition "${input.id}"`);
    const inUseBy = await activeResourcesOfDefinition(tx, orgId, input.id);
    if (inUseBy.length > 0 && !input.force) {
      const shown = inUseBy.slice(0, 10).map(describeUse).join(", ");
      const more = inUseBy.length > 10 ? ` and ${inUseBy.length - 10} more` : "";
      throw new SafeError(
        "conflict",
        `Resource definition "${input.id}" is used by ${inUseBy.length} active resource(s): ${shown}${more}. Delete with force to mark it deleted; their next deployment re-matches them.`,
        { inUseBy },
      );
    }
    const def = (await getDefinition(tx, orgId, input.id))!;
    await recordVersion(tx, actor, input.id, "deleted", def, row.driverInputsSecretsEnc);
    const where = and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.id, input.id));
    if (inUseBy.length > 0) {
      await tx.update(resourceDefinitions).set({ isDeleted: true, updatedAt: new Date().toISOString(), updatedBy: actor.email }).where(where);
      return { id: input.id, outcome: "marked", inUseBy };
    }
    await tx.delete(matchingCriteria).where(and(eq(matchingCriteria.orgId, orgId), eq(matchingCriteria.defId, input.id)));
    await tx.delete(resourceDefinitions).where(where);
    return { id: input.id, outcome: "deleted", inUseBy };
  },
  audit: (input, result) => ({ target: `definition/${input.id}`, details: { force: input.force, outcome: result.outcome, activeResources: result.inUseBy.length } }),
});
