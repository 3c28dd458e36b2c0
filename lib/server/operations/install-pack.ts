import { z } from "zod";
import { validateCriteria } from "@/lib/engine/matching";
import { inClusterPack, PACK_TYPES } from "@/lib/engine/pack";
import { loadOrgDefinitions } from "@/lib/server/data/definitions";
import { SafeError } from "@/lib/server/errors";
import { criterionInput } from "./definition-input";
import { isUnchanged, refuseOnErrors, storedState, validateInOrg, writeDefinition } from "./definition-store";
import { defineOperation, secretsOf } from "./operation";

export const installPackInput = z.object({
  /** Criteria every pack definition gets, e.g. [{env_type: development}]. */
  criteria: z.array(criterionInput).min(1, "choose at least one criterion ({} matches everything)").max(50),
  types: z.array(z.enum(PACK_TYPES)).min(1).optional(),
  baseDomain: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "base domain must be a DNS name such as apps.example.com")
    .optional(),
});

/** One click: the in-cluster pack's definitions (ids `incluster-<type>`), created or updated. */
export const installPack = defineOperation({
  name: "definition.install-pack",
  input: installPackInput,
  permission: () => ({ action: "definition.manage" }),
  async execute(tx, input, ctx) {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    const orgId = actor.orgId;
    const defs = inClusterPack({ criteria: input.criteria, types: input.types, baseDomain: input.baseDomain || undefined });
    const packIds = new Set(defs.map((d) => d.id));
    const others = (await loadOrgDefinitions(tx, orgId)).filter((d) => !packIds.has(d.id));
    const results: { id: string; type: string; status: "new" | "updated" | "unchanged" }[] = [];
    for (const def of defs) {
      const clash = validateCriteria(def.criteria ?? [], { otherDefinitions: others.filter((o) => o.type === def.type) });
      if (clash.length > 0) {
        throw new SafeError("conflict", `The pack was not installed: ${def.id} (${def.type}): ${clash[0].message}`, {
          fields: clash.map((e) => ({ field: `${def.id}.${e.path}`, message: e.message })),
        });
      }
      refuseOnErrors(await validateInOrg(tx, orgId, def, { otherDefinitions: others }), `The pack was not installed (${def.id})`);
      const current = await storedState(tx, box, orgId, def.id);
      if (current && isUnchanged(current, def, false)) {
        results.push({ id: def.id, type: def.type, status: "unchanged" });
        continue;
      }
      await writeDefinition(tx, box, actor, def, { secrets: "replace", action: current ? "updated" : "created" });
      results.push({ id: def.id, type: def.type, status: current ? "updated" : "new" });
    }
    return { definitions: results };
  },
  audit: (input, result) => ({
    target: "definitions/in-cluster-pack",
    details: { criteria: input.criteria, baseDomain: input.baseDomain ?? null, definitions: Object.fromEntries(result.definitions.map((d) => [d.id, d.status])) },
  }),
});
