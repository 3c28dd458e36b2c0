import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { resourceTypes } from "@/db/tables";
import { validateCustomResourceType } from "@/lib/engine/resource-types";
import { definitionsOfType } from "@/lib/server/data/resources";
import { SafeError, notFound } from "@/lib/server/errors";
import { parseYamlMapping } from "./definition-input";
import { defineOperation } from "./operation";

export const createCustomResourceTypeInput = z.object({
  type: z.string().trim().min(1, "type is required"),
  name: z.string().trim().min(1, "name is required").max(100),
  category: z.string().trim().max(50).optional().default(""),
  use: z.enum(["direct", "indirect", "implicit"]).optional().default("direct"),
  /** JSON schemas as YAML (or JSON) text. */
  inputsSchemaYaml: z.string().max(64 * 1024).optional(),
  outputsValuesSchemaYaml: z.string().max(64 * 1024).optional(),
  outputsSecretsSchemaYaml: z.string().max(64 * 1024).optional(),
});

/** Custom types are `<orgId>/<name>` so they can never collide with a built-in type. */
export const createCustomResourceType = defineOperation({
  name: "resource-type.create",
  input: createCustomResourceTypeInput,
  permission: () => ({ action: "resource-type.manage" }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    const inputsSchema = parseYamlMapping(input.inputsSchemaYaml, "inputsSchemaYaml") ?? { type: "object" };
    const outputsSchema = {
      values: parseYamlMapping(input.outputsValuesSchemaYaml, "outputsValuesSchemaYaml") ?? { type: "object" },
      secrets: parseYamlMapping(input.outputsSecretsSchemaYaml, "outputsSecretsSchemaYaml") ?? { type: "object" },
    };
    const errors = validateCustomResourceType({ type: input.type, name: input.name, use: input.use, inputs_schema: inputsSchema, outputs_schema: outputsSchema }, orgId);
    if (errors.length > 0) {
      throw new SafeError("invalid", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { fields: errors.map((e) => ({ field: e.path, message: e.message })) });
    }
    if ((await first(tx.select().from(resourceTypes).where(and(eq(resourceTypes.orgId, orgId), eq(resourceTypes.type, input.type)))))) {
      throw new SafeError("conflict", `Resource type "${input.type}" already exists`, { fields: [{ field: "type", message: "already exists" }] });
    }
    await tx.insert(resourceTypes)
      .values({ orgId, type: input.type, name: input.name, category: input.category, use: input.use, inputsSchema, outputsSchema, createdAt: new Date().toISOString() });
    return { type: input.type };
  },
  audit: (input) => ({ target: `resource-type/${input.type}`, details: { name: input.name, use: input.use } }),
});

export const deleteCustomResourceType = defineOperation({
  name: "resource-type.delete",
  input: z.object({ type: z.string().min(1) }),
  permission: () => ({ action: "resource-type.manage" }),
  async execute(tx, input, { actor }) {
    const where = and(eq(resourceTypes.orgId, actor.orgId), eq(resourceTypes.type, input.type));
    if (!(await first(tx.select().from(resourceTypes).where(where)))) throw notFound(`Custom resource type "${input.type}"`);
    const defs = await definitionsOfType(tx, actor.orgId, input.type);
    if (defs.length > 0) {
      throw new SafeError("conflict", `Resource type "${input.type}" is used by resource definition(s) ${defs.map((d) => `"${d}"`).join(", ")}; delete them first`);
    }
    await tx.delete(resourceTypes).where(where);
    return { type: input.type };
  },
  audit: (input) => ({ target: `resource-type/${input.type}` }),
});
