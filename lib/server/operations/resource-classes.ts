import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { matchingCriteria, resourceClasses, resourceDefinitions } from "@/db/tables";
import { getResourceType } from "@/lib/engine/resource-types";
import { getResourceClass } from "@/lib/server/data/resource-classes";
import { loadCustomResourceTypes } from "@/lib/server/data/resources";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";

const classIdSchema = z
  .string({ error: "id is required" })
  .min(1, "id is required")
  .max(100, "id must be at most 100 characters")
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, "id may contain lowercase letters, digits, '.', '_' and '-', starting and ending with a letter or digit");
const classKey = z.object({ type: z.string().min(1, "type is required"), id: classIdSchema });

async function requireType(tx: Tx, orgId: string, type: string): Promise<void> {
  if (!getResourceType(type, await loadCustomResourceTypes(tx, orgId))) throw notFound(`Resource type "${type}"`);
}

async function requireClass(tx: Tx, orgId: string, type: string, id: string) {
  const found = await getResourceClass(tx, orgId, type, id);
  if (!found) throw notFound(`Resource class "${id}" of type "${type}"`);
  return found;
}

export const createResourceClass = defineOperation({
  name: "resource-class.create",
  input: classKey.extend({ description: z.string().max(1000, "description must be at most 1000 characters").optional().default("") }),
  permission: () => ({ action: "resource-type.manage" }),
  async execute(tx, input, { actor }) {
    await requireType(tx, actor.orgId, input.type);
    if (input.id === "default") throw new SafeError("conflict", `id: every type has the class "default"; it needs no declaring`, { fields: [{ field: "id", message: "implicit" }] });
    if ((await getResourceClass(tx, actor.orgId, input.type, input.id))) {
      throw new SafeError("conflict", `Resource class "${input.id}" of type "${input.type}" already exists`, { fields: [{ field: "id", message: "already exists" }] });
    }
    await tx.insert(resourceClasses).values({ orgId: actor.orgId, type: input.type, id: input.id, description: input.description, createdAt: new Date().toISOString(), createdBy: actor.email });
    return await requireClass(tx, actor.orgId, input.type, input.id);
  },
  audit: (input) => ({ target: `resource-type/${input.type}/class/${input.id}` }),
});

export const updateResourceClass = defineOperation({
  name: "resource-class.update",
  input: classKey.extend({ description: z.string().max(1000, "description must be at most 1000 characters") }),
  permission: () => ({ action: "resource-type.manage" }),
  async execute(tx, input, { actor }) {
    await requireClass(tx, actor.orgId, input.type, input.id);
    await tx.update(resourceClasses)
      .set({ description: input.description })
      .where(and(eq(resourceClasses.orgId, actor.orgId), eq(resourceClasses.type, input.type), eq(resourceClasses.id, input.id)));
    return await requireClass(tx, actor.orgId, input.type, input.id);
  },
  audit: (input) => ({ target: `resource-type/${input.type}/class/${input.id}` }),
});

/** A class that matching criteria still select cannot go: those definitions would match nothing. */
export const deleteResourceClass = defineOperation({
  name: "resource-class.delete",
  input: classKey,
  permission: () => ({ action: "resource-type.manage" }),
  async execute(tx, input, { actor }) {
    await requireClass(tx, actor.orgId, input.type, input.id);
    const users = (await tx
      .selectDistinct({ defId: matchingCriteria.defId })
      .from(matchingCriteria)
      .innerJoin(resourceDefinitions, and(eq(resourceDefinitions.orgId, matchingCriteria.orgId), eq(resourceDefinitions.id, matchingCriteria.defId)))
      .where(and(eq(matchingCriteria.orgId, actor.orgId), eq(matchingCriteria.class, input.id), eq(resourceDefinitions.type, input.type), eq(resourceDefinitions.isDeleted, false))))
      .map((r) => `"${r.defId}"`);
    if (users.length > 0) {
      throw new SafeError("conflict", `Resource class "${input.id}" is selected by the matching criteria of ${users.join(", ")}; change those first`);
    }
    await tx.delete(resourceClasses).where(and(eq(resourceClasses.orgId, actor.orgId), eq(resourceClasses.type, input.type), eq(resourceClasses.id, input.id)));
    return { type: input.type, id: input.id };
  },
  audit: (input) => ({ target: `resource-type/${input.type}/class/${input.id}` }),
});
