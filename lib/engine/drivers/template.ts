import type { JsonPatchOp } from "@/lib/engine/delta/types";
import { templateSession, type TemplateEngine, type TemplateSession } from "./template-engine";
import { DriverError, isPlainObject, MANIFEST_LOCATIONS, type Driver, type DriverInput, type DriverManifest, type DriverOutput, type JsonObject, type ManifestLocation } from "./types";
import { parseRenderedYaml } from "./yaml-output";

/** Every intermediate result of a template-driver run (what the golden files record). */
export interface TemplateRun {
  init: unknown;
  manifests: Record<string, { location: string; data: unknown }>;
  outputs: unknown;
  secrets: unknown;
  cookie: unknown;
}

type TemplateKey = "init" | "manifests" | "outputs" | "secrets" | "cookie";

function templatesOf(source: JsonObject): Partial<Record<TemplateKey, unknown>> {
  const templates = source.templates;
  return isPlainObject(templates) ? (templates as Partial<Record<TemplateKey, unknown>>) : {};
}

function asMap(value: unknown, name: string): JsonObject {
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new DriverError(`template "${name}" must render a YAML map, got ${Array.isArray(value) ? "a list" : typeof value}`);
  return value;
}

/**
 * Runs the humanitec/template pipeline (templates.md §3.1): init → manifests → outputs →
 * secrets → cookie; each template's output is parsed as YAML. The data root has `cookie`,
 * `driver.values`, `driver.secrets`, `id` (GUResID), `resource`, then `init` and — for the
 * `secrets` template — `outputs.values`.
 */
export function runTemplates(engine: TemplateEngine, input: DriverInput): TemplateRun {
  const values = templatesOf(input.driver.values);
  const secretTemplates = templatesOf(input.driver.secrets);
  const data = templateSession(engine, {
    cookie: input.cookie ?? null,
    driver: { values: input.driver.values, secrets: input.driver.secrets },
    id: input.context.guresid,
    resource: input.resource,
  });
  const init = renderTemplate(data, "init", values.init);
  data.set("init", init ?? {});

  const manifests = renderManifests(values.manifests, data);

  const outputs = asMap(renderTemplate(data, "outputs", values.outputs), "outputs");
  data.set("outputs", { values: outputs });

  const secrets = {
    ...asMap(renderTemplate(data, "secrets", values.secrets), "secrets"),
    ...asMap(renderTemplate(data, "secrets.templates.outputs", secretTemplates.outputs), "secrets.templates.outputs"),
  };
  const cookie = renderTemplate(data, "cookie", values.cookie);
  return { init, manifests, outputs, secrets, cookie };
}

/**
 * One template rendered against the session's data and parsed as YAML (a module function: a
 * closure per resource cost measurably in plans of hundreds of resources).
 */
function renderTemplate(data: TemplateSession, name: string, template: unknown): unknown {
  if (template === undefined || template === null) return null;
  if (typeof template !== "string") throw new DriverError(`template "${name}" must be a string`);
  let text: string;
  try {
    text = data.render(name, template);
  } catch (err) {
    throw new DriverError((err as Error).message);
  }
  return parseRenderedYaml(text, name);
}

/** `manifests` is a template string, or a map whose entries' `data` are templates (or objects). */
function renderManifests(source: unknown, data: TemplateSession): Record<string, { location: string; data: unknown }> {
  if (source === undefined || source === null) return {};
  let map: JsonObject;
  if (typeof source === "string") {
    map = asMap(renderTemplate(data, "manifests", source), "manifests");
  } else if (isPlainObject(source)) {
    map = {};
    for (const [name, entry] of Object.entries(source)) {
      if (!isPlainObject(entry)) throw new DriverError(`manifests.${name} must be a map with location and data`);
      const rendered = typeof entry.data === "string" ? renderTemplate(data, `manifests.${name}.data`, entry.data) : entry.data;
      map[name] = { ...entry, data: rendered };
    }
  } else {
    throw new DriverError("manifests must be a template string or a map");
  }
  const out: Record<string, { location: string; data: unknown }> = {};
  for (const [name, entry] of Object.entries(map)) {
    if (!isPlainObject(entry)) throw new DriverError(`manifests: entry "${name}" must be a map with location and data`);
    // a rendered `data` may itself be a YAML string (block scalar) rather than a map
    const parsed = typeof entry.data === "string" ? parseRenderedYaml(entry.data, `manifests.${name}.data`) : entry.data;
    out[name] = { location: String(entry.location ?? ""), data: parsed };
  }
  return out;
}

function toManifests(rendered: TemplateRun["manifests"]): DriverManifest[] {
  return Object.keys(rendered)
    .sort()
    .map((name) => {
      const { location, data } = rendered[name];
      if (!MANIFEST_LOCATIONS.includes(location as ManifestLocation)) {
        throw new DriverError(`manifests.${name}: location "${location}" is not one of ${MANIFEST_LOCATIONS.join(", ")}`);
      }
      if (!isPlainObject(data)) throw new DriverError(`manifests.${name}: data must be a YAML map`);
      return { name, location: location as ManifestLocation, data };
    });
}

function toPatchOps(value: unknown): JsonPatchOp[] {
  if (!Array.isArray(value)) throw new DriverError("outputs.update must be a list of JSON Patch operations");
  return value.map((op, i) => {
    if (!isPlainObject(op) || typeof op.op !== "string" || typeof op.path !== "string") {
      throw new DriverError(`outputs.update[${i}] must have "op" and "path"`);
    }
    if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") {
      throw new DriverError(`outputs.update[${i}]: unsupported op "${op.op}" (only add, remove, replace)`);
    }
    return { op: op.op, path: op.path, ...("value" in op ? { value: op.value } : {}) };
  });
}

export function createTemplateDriver(engine: TemplateEngine): Driver {
  return {
    type: "humanitec/template",
    provision(input): DriverOutput {
      const run = runTemplates(engine, input);
      const values = { ...(run.outputs as JsonObject) };
      let workloadUpdate: JsonPatchOp[] | undefined;
      if (input.context.type === "workload" && "update" in values) {
        workloadUpdate = values.update === null ? [] : toPatchOps(values.update);
        delete values.update;
      }
      return {
        values,
        secrets: run.secrets as JsonObject,
        manifests: toManifests(run.manifests),
        cookie: run.cookie ?? undefined,
        ...(workloadUpdate ? { workloadUpdate } : {}),
      };
    },
  };
}
