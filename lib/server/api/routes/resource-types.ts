import { z } from "zod";
import { listResourceTypes } from "@/lib/engine/resource-types";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { createCustomResourceType } from "@/lib/server/operations/custom-resource-types";
import { loadCustomResourceTypes } from "@/lib/server/data/resources";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, paginationQuery } from "../pagination";
import { orgParams } from "../params";
import { defineRoute } from "../route";
import { resourceTypeSchema } from "../schemas";

export const listTypes = defineRoute({
  operationId: "listResourceTypes",
  method: "GET",
  path: "/orgs/{orgId}/resources/types",
  tag: "ResourceType",
  summary: "List resource types: the built-in catalogue and the organisation's custom types",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Resource types", schema: z.array(resourceTypeSchema), paginated: true },
  handle: async ({ db, actor, page }) => {
    requirePermission(actor, { action: "org.view" });
    const custom = await loadCustomResourceTypes(db, actor.orgId);
    const types = listResourceTypes(custom);
    return pageOf(
      types.map((t) => ({
        type: t.type,
        name: t.name,
        category: t.category,
        use: t.use,
        description: t.description || undefined,
        inputs_schema: t.inputs_schema as Record<string, unknown>,
        outputs_schema: t.outputs_schema as Record<string, unknown>,
        is_builtin: t.builtin,
      })),
      page,
    );
  },
});

export const createType = defineRoute({
  operationId: "createResourceType",
  method: "POST",
  path: "/orgs/{orgId}/resources/types",
  tag: "ResourceType",
  summary: "Create a custom resource type `<orgId>/<name>` (administrators)",
  params: orgParams,
  body: z.object({
    type: z.string().describe("`<orgId>/<name>`"),
    name: z.string(),
    category: z.string().optional(),
    use: z.enum(["direct", "indirect", "implicit"]).optional(),
    inputs_schema: z.record(z.string(), z.unknown()).optional(),
    outputs_schema: z.object({ values: z.record(z.string(), z.unknown()).optional(), secrets: z.record(z.string(), z.unknown()).optional() }).optional(),
  }),
  success: { status: 201, description: "The type", schema: z.object({ type: z.string() }) },
  errors: [400, 409, 422],
  handle: async ({ db, actor, requestId, body }) =>
    await runOperation(
      createCustomResourceType,
      {
        type: body.type,
        name: body.name,
        category: body.category,
        use: body.use,
        // The operation takes schemas as YAML text (the editor's form); JSON is YAML.
        inputsSchemaYaml: body.inputs_schema ? JSON.stringify(body.inputs_schema) : undefined,
        outputsValuesSchemaYaml: body.outputs_schema?.values ? JSON.stringify(body.outputs_schema.values) : undefined,
        outputsSecretsSchemaYaml: body.outputs_schema?.secrets ? JSON.stringify(body.outputs_schema.secrets) : undefined,
      },
      { db, actor, requestId },
    ),
});
