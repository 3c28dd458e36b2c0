/**
 * A small JSON-Schema vocabulary for the catalogues (resource types, drivers). Plain objects
 * so they serialise into the API unchanged and ajv can compile them.
 */
export type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  [keyword: string]: unknown;
};

export const str = (description?: string): JsonSchema => ({ type: "string", ...(description ? { description } : {}) });
export const int = (description?: string): JsonSchema => ({ type: "integer", ...(description ? { description } : {}) });
export const bool = (description?: string): JsonSchema => ({ type: "boolean", ...(description ? { description } : {}) });
export const anyValue = (description?: string): JsonSchema => (description ? { description } : {});
export const list = (items: JsonSchema, description?: string): JsonSchema => ({
  type: "array",
  items,
  ...(description ? { description } : {}),
});

/** An object with the given properties; extra keys allowed unless `closed`. */
export function obj(
  properties: Record<string, JsonSchema>,
  options: { required?: string[]; closed?: boolean; description?: string } = {},
): JsonSchema {
  return {
    type: "object",
    properties,
    ...(options.required && options.required.length > 0 ? { required: options.required } : {}),
    additionalProperties: !options.closed,
    ...(options.description ? { description: options.description } : {}),
  };
}

/** An object whose keys are free (e.g. `config`, `environment`). */
export const freeObject = (description?: string): JsonSchema => ({
  type: "object",
  additionalProperties: true,
  ...(description ? { description } : {}),
});

/** No keys expected (types without outputs). */
export const emptyObject = (): JsonSchema => ({ type: "object", properties: {}, additionalProperties: false });
