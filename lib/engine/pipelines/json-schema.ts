import { ACTION_SPECS, type ActionArgument } from "./actions";
import { ACTION_NAMES, PIPELINE_API_VERSION, PIPELINE_KIND, TRIGGER_TYPES } from "./model";

const argumentSchema = (a: ActionArgument) =>
  a.type === "object"
    ? { type: "object", description: a.description }
    : a.type === "duration"
      ? { type: "string", pattern: "^\\d+(ms|s|m|h)$", description: a.description }
      : { type: "string", description: a.description };

const timeoutMinutes = { type: "integer", minimum: 1, maximum: 10080, description: "Timeout in minutes" };

/** The JSON schema of the pipeline format Baton accepts (served at /pipeline-schemas/latest). */
export function pipelineJsonSchema(): Record<string, unknown> {
  const steps = ACTION_NAMES.map((name) => {
    const spec = ACTION_SPECS[name];
    return {
      type: "object",
      description: spec.description,
      required: ["uses"],
      additionalProperties: false,
      properties: {
        name: { type: "string", maxLength: 100 },
        uses: { const: `actions/humanitec/${name}@v1` },
        timeout_minutes: timeoutMinutes,
        with: {
          type: "object",
          additionalProperties: false,
          required: Object.entries(spec.with).filter(([, a]) => a.required).map(([k]) => k),
          properties: Object.fromEntries(Object.entries(spec.with).map(([k, a]) => [k, argumentSchema(a)])),
        },
      },
    };
  });
  const input = {
    type: "object",
    additionalProperties: false,
    properties: { type: { enum: ["string", "number", "boolean"] }, description: { type: "string" }, required: { type: "boolean" }, default: {} },
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Humanitec Pipeline (as Baton runs it)",
    type: "object",
    required: ["apiVersion", "kind", "metadata", "on", "jobs"],
    additionalProperties: false,
    properties: {
      apiVersion: { const: PIPELINE_API_VERSION },
      kind: { const: PIPELINE_KIND },
      metadata: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1, maxLength: 100 } } },
      timeout_minutes: timeoutMinutes,
      on: {
        type: "object",
        minProperties: 1,
        additionalProperties: false,
        properties: Object.fromEntries(
          TRIGGER_TYPES.map((t) => [t, t === "pipeline_call" ? { type: ["object", "null"], properties: { inputs: { type: "object", additionalProperties: input } } } : { type: ["object", "null"], additionalProperties: false }]),
        ),
      },
      jobs: {
        type: "object",
        minProperties: 1,
        additionalProperties: {
          type: "object",
          required: ["steps"],
          additionalProperties: false,
          properties: {
            needs: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
            timeout_minutes: timeoutMinutes,
            steps: { type: "array", minItems: 1, items: { oneOf: steps } },
          },
        },
      },
    },
  };
}
