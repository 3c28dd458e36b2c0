import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import officialSchema from "./schema/score-v1b1.json";
import { humanizeSchemaErrors, type SchemaProblem } from "./schema-messages";

export type { SchemaProblem } from "./schema-messages";

type JsonSchema = Record<string, unknown>;

/**
 * The schema Baton validates with: the official v1b1 schema (shipped verbatim in ./schema), with
 * the deprecated array forms of `files` / `volumes` and their `target` fields removed, because the
 * legacy-shape upgrade has already turned them into maps. This is the same derivation score-go
 * embeds (`score-v1b1.json.for-validation`), but it keeps the spec's newer rules (a probe needs
 * `httpGet` or `exec`).
 */
export function deriveUpgradedSchema(schema: JsonSchema = officialSchema as JsonSchema): JsonSchema {
  const derived = structuredClone(schema) as {
    $id?: string;
    $defs: Record<string, { properties: Record<string, JsonSchema> }>;
  };
  derived.$id = "https://baton.dev/schemas/score-v1b1-upgraded";
  const container = derived.$defs.container.properties;
  container.files = {
    description: container.files.description,
    type: "object",
    additionalProperties: { $ref: "#/$defs/containerFile" },
  };
  container.volumes = {
    description: container.volumes.description,
    type: "object",
    additionalProperties: { $ref: "#/$defs/containerVolume" },
  };
  delete derived.$defs.containerFile.properties.target;
  delete derived.$defs.containerVolume.properties.target;
  return derived as JsonSchema;
}

export type SchemaVariant = "upgraded" | "official";

const compiled = new Map<SchemaVariant, ValidateFunction>();

/** Compiles each schema variant once per process; later calls reuse it. */
function validatorFor(variant: SchemaVariant): ValidateFunction {
  let validate = compiled.get(variant);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });
    validate = ajv.compile(variant === "upgraded" ? deriveUpgradedSchema() : (officialSchema as JsonSchema));
    compiled.set(variant, validate);
  }
  return validate;
}

/**
 * Validates a decoded (and, for the default variant, upgraded) Score document against the schema.
 * Returns problems with JSON pointers and readable messages; an empty list means valid.
 */
export function validateScoreSchema(document: unknown, variant: SchemaVariant = "upgraded"): SchemaProblem[] {
  const validate = validatorFor(variant);
  if (validate(document)) return [];
  return humanizeSchemaErrors((validate.errors ?? []) as ErrorObject[]);
}

/** The official schema as shipped, e.g. for an editor's YAML language service. */
export function officialScoreSchema(): JsonSchema {
  return structuredClone(officialSchema as JsonSchema);
}
