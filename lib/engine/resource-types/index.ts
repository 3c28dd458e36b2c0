/**
 * Resource types: the built-in catalogue plus organisation-defined custom types, which must be
 * named `<orgId>/<name>` so they can never collide with a built-in type.
 */
import Ajv from "ajv";
import { BUILTIN_RESOURCE_TYPES, type ResourceType, type ResourceTypeUse } from "./catalogue";
import type { JsonSchema } from "./json-schema";

export { BUILTIN_RESOURCE_TYPES, type ResourceType, type ResourceTypeUse } from "./catalogue";
export type { JsonSchema } from "./json-schema";

const builtinByType = new Map(BUILTIN_RESOURCE_TYPES.map((t) => [t.type, t]));

export function listResourceTypes(customTypes: readonly ResourceType[] = []): ResourceType[] {
  return [...BUILTIN_RESOURCE_TYPES, ...customTypes];
}

export function getResourceType(type: string, customTypes: readonly ResourceType[] = []): ResourceType | undefined {
  return builtinByType.get(type) ?? customTypes.find((t) => t.type === type);
}

export function isBuiltinResourceType(type: string): boolean {
  return builtinByType.has(type);
}

/** Org ids follow the Humanitec id rule (lowercase, digits, inner dashes). */
const ORG_ID = /^[a-z0-9](?:-?[a-z0-9]+)+$/;
const CUSTOM_TYPE_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Errors for a custom type id; empty when `<orgId>/<name>` is well formed. */
export function validateCustomTypeId(id: string, orgId: string): string[] {
  const slash = id.indexOf("/");
  if (slash < 0) {
    return [`custom resource type "${id}" must be prefixed with the organization id: "${orgId}/${id}"`];
  }
  const prefix = id.slice(0, slash);
  const name = id.slice(slash + 1);
  const errors: string[] = [];
  if (prefix !== orgId) {
    errors.push(`custom resource type "${id}" must be prefixed with this organization's id "${orgId}/", not "${prefix}/"`);
  } else if (!ORG_ID.test(prefix)) {
    errors.push(`organization id "${prefix}" is not a valid id`);
  }
  if (!CUSTOM_TYPE_NAME.test(name)) {
    errors.push(
      `custom resource type name "${name}" must be lowercase letters, digits and dashes, starting and ending with a letter or digit`,
    );
  }
  return errors;
}

export interface ResourceTypeError {
  path: string;
  message: string;
}

const USES: ResourceTypeUse[] = ["direct", "indirect", "implicit"];

function checkSchema(value: unknown, path: string, errors: ResourceTypeError[]): void {
  if (value === undefined) return;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    errors.push({ path, message: "must be a JSON schema object" });
    return;
  }
  const type = (value as JsonSchema).type;
  if (type !== undefined && type !== "object") errors.push({ path: `${path}.type`, message: 'must be "object"' });
  try {
    schemaCompiler.compile(value as JsonSchema);
  } catch (err) {
    errors.push({ path, message: `invalid JSON schema: ${(err as Error).message}` });
  }
}

const schemaCompiler = new Ajv({ strict: false, allowUnionTypes: true });

/** Checks a custom type an administrator submits. */
export function validateCustomResourceType(candidate: Partial<ResourceType>, orgId: string): ResourceTypeError[] {
  const errors: ResourceTypeError[] = [];
  if (typeof candidate.type !== "string" || candidate.type === "") {
    errors.push({ path: "type", message: "type is required" });
  } else {
    for (const message of validateCustomTypeId(candidate.type, orgId)) errors.push({ path: "type", message });
    if (isBuiltinResourceType(candidate.type)) errors.push({ path: "type", message: `"${candidate.type}" is a built-in type` });
  }
  if (typeof candidate.name !== "string" || candidate.name.trim() === "") errors.push({ path: "name", message: "name is required" });
  if (candidate.use !== undefined && !USES.includes(candidate.use)) {
    errors.push({ path: "use", message: `use must be one of ${USES.join(", ")}` });
  }
  checkSchema(candidate.inputs_schema, "inputs_schema", errors);
  if (candidate.outputs_schema !== undefined) {
    if (candidate.outputs_schema === null || typeof candidate.outputs_schema !== "object") {
      errors.push({ path: "outputs_schema", message: "must be an object with `values` and `secrets` schemas" });
    } else {
      checkSchema(candidate.outputs_schema.values, "outputs_schema.values", errors);
      checkSchema(candidate.outputs_schema.secrets, "outputs_schema.secrets", errors);
    }
  }
  return errors;
}
