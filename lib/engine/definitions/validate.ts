/**
 * Inline validation of a resource definition, as the editor and the importers need it.
 * Errors block saving; warnings (driver not available, inputs a driver ignores) do not, so every
 * real Humanitec definition can still be imported.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { validateCriteria } from "@/lib/engine/matching/validate-criteria";
import { getResourceType, type ResourceType } from "@/lib/engine/resource-types";
import type { JsonSchema } from "@/lib/engine/resource-types/json-schema";
import { driverNotAvailableMessage, driverSupportsType, getDriver, type DriverDefinition } from "./drivers";
import { goTemplateChecker } from "./go-template-checker";
import { formatPath, pointerToSegments, type PathSegment } from "./paths";

export type IssueSeverity = "error" | "warning";

export interface DefinitionIssue {
  /** Path in the definition, e.g. `driver_inputs.values.templates.init`. */
  path: string;
  segments: PathSegment[];
  message: string;
  severity: IssueSeverity;
  /** For template errors: position inside the template string (1-based). */
  templateLine?: number;
  templateColumn?: number;
}

export interface TemplateProblem {
  message: string;
  line?: number;
  column?: number;
}

/**
 * Parses one Go template and returns its syntax problems. Plugged in by the caller so this
 * module does not depend on the template engine (lib/engine/gotemplate) being present.
 */
export type TemplateChecker = (source: string, name: string) => TemplateProblem[];

export interface ValidateDefinitionOptions {
  customTypes?: readonly ResourceType[];
  /** Other definitions of the org, to refuse criteria another definition of the type holds. */
  otherDefinitions?: readonly ResourceDefinition[];
  /** Known cloud accounts `{id, type}`; when given, `driver_account` must name one. */
  accounts?: ReadonlyArray<{ id: string; type: string }>;
  /** Default: Baton's Go template parser (go-template-checker.ts); `null` skips template parsing. */
  templateChecker?: TemplateChecker | null;
  /**
   * Severity of template syntax problems; default "error" (the editor). Importers may pass
   * "warning": Humanitec itself only finds them at deploy time, so real files still import.
   */
  templateSeverity?: IssueSeverity;
}

export const DEFINITION_ID_PATTERN = /^[a-z0-9][a-z0-9-]+[a-z0-9]$/;
const PROVISION_KEY = /^([^.#\s]+)(?:\.([^.#\s]+))?(?:#(\S+))?$/;
const TEMPLATE_KEYS = ["init", "manifests", "outputs", "secrets", "cookie"] as const;
const MANIFEST_LOCATIONS = ["namespace", "cluster", "containers", "volumes"];

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string, schema: JsonSchema): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(key, fn);
  }
  return fn;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value that is (or contains) a placeholder is only known after resolution. */
function containsPlaceholder(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

class IssueList {
  readonly issues: DefinitionIssue[] = [];
  add(segments: PathSegment[], message: string, severity: IssueSeverity = "error", extra: Partial<DefinitionIssue> = {}) {
    this.issues.push({ path: formatPath(segments), segments, message, severity, ...extra });
  }
}

export function validateDefinition(def: unknown, options: ValidateDefinitionOptions = {}): DefinitionIssue[] {
  const out = new IssueList();
  if (!isPlainObject(def)) {
    out.add([], "a resource definition must be an object");
    return out.issues;
  }
  const d = def as Partial<ResourceDefinition> & Record<string, unknown>;

  if (typeof d.id !== "string" || d.id === "") out.add(["id"], "id is required");
  else if (!DEFINITION_ID_PATTERN.test(d.id)) {
    out.add(
      ["id"],
      `id "${d.id}" is invalid: use at least 3 lowercase letters, digits or dashes, starting and ending with a letter or digit`,
    );
  }
  if (typeof d.name !== "string" || d.name.trim() === "") out.add(["name"], "name is required");

  let type: ResourceType | undefined;
  if (typeof d.type !== "string" || d.type === "") out.add(["type"], "type is required");
  else {
    type = getResourceType(d.type, options.customTypes);
    if (!type) out.add(["type"], `unknown resource type "${d.type}"`);
  }

  let driver: DriverDefinition | undefined;
  if (typeof d.driver_type !== "string" || d.driver_type === "") out.add(["driver_type"], "driver_type is required");
  else {
    driver = getDriver(d.driver_type);
    if (!driver) out.add(["driver_type"], `unknown driver "${d.driver_type}"`);
    else {
      if (!driver.available) out.add(["driver_type"], driverNotAvailableMessage(driver.id), "warning");
      if (typeof d.type === "string" && !driverSupportsType(driver, d.type)) {
        out.add(["driver_type"], `driver "${driver.id}" cannot provision type "${d.type}" (it supports ${driver.types.join(", ")})`);
      }
    }
  }

  validateAccount(d.driver_account, driver, options, out);
  validateDriverInputs(d.driver_inputs, driver, options, out);
  validateProvision(d.provision, options, out);

  if (d.criteria !== undefined) {
    if (!Array.isArray(d.criteria)) out.add(["criteria"], "criteria must be a list");
    else {
      const others = (options.otherDefinitions ?? []).filter((o) => o.type === d.type && o.id !== d.id);
      for (const error of validateCriteria(d.criteria, { otherDefinitions: others })) {
        const segments: PathSegment[] = ["criteria", error.index];
        const field = error.path.match(/\.([a-z_]+)$/)?.[1];
        if (field) segments.push(field);
        out.issues.push({ path: error.path, segments, message: error.message, severity: "error" });
      }
    }
  }
  return out.issues;
}

function validateAccount(
  account: unknown,
  driver: DriverDefinition | undefined,
  options: ValidateDefinitionOptions,
  out: IssueList,
): void {
  if (account === undefined || account === null || account === "") return;
  if (typeof account !== "string") {
    out.add(["driver_account"], "driver_account must be a string (a cloud account id)");
    return;
  }
  if (containsPlaceholder(account)) return; // e.g. ${resources['config.default#aws'].account}
  if (!DEFINITION_ID_PATTERN.test(account)) {
    out.add(["driver_account"], `driver_account "${account}" is not a valid account id`);
    return;
  }
  if (options.accounts) {
    const found = options.accounts.find((a) => a.id === account);
    if (!found) out.add(["driver_account"], `cloud account "${account}" does not exist`);
    else if (driver && driver.account_types.length > 0 && !driver.account_types.includes(found.type)) {
      out.add(
        ["driver_account"],
        `driver "${driver.id}" accepts accounts of type ${driver.account_types.join(", ")}, not "${found.type}"`,
      );
    }
  }
}

function validateDriverInputs(
  inputs: unknown,
  driver: DriverDefinition | undefined,
  options: ValidateDefinitionOptions,
  out: IssueList,
): void {
  if (inputs === undefined || inputs === null) {
    if (driver) checkAgainstSchema(driver, "values", {}, out);
    return;
  }
  if (!isPlainObject(inputs)) {
    out.add(["driver_inputs"], "driver_inputs must be a mapping with `values` and `secrets` or `secret_refs`");
    return;
  }
  for (const key of Object.keys(inputs)) {
    if (!["values", "secrets", "secret_refs"].includes(key)) {
      out.add(["driver_inputs", key], `unknown key "${key}" in driver_inputs; use values, secrets or secret_refs`);
    }
  }
  for (const part of ["values", "secrets", "secret_refs"] as const) {
    const value = inputs[part];
    if (value !== undefined && value !== null && !isPlainObject(value)) {
      out.add(["driver_inputs", part], `driver_inputs.${part} must be a mapping`);
    }
  }
  const hasSecrets = isPlainObject(inputs.secrets) && Object.keys(inputs.secrets).length > 0;
  const hasRefs = isPlainObject(inputs.secret_refs) && Object.keys(inputs.secret_refs).length > 0;
  if (hasSecrets && hasRefs) {
    out.add(["driver_inputs", "secret_refs"], "use either driver_inputs.secrets or driver_inputs.secret_refs, not both");
  }
  if (isPlainObject(inputs.secret_refs)) validateSecretRefs(inputs.secret_refs, ["driver_inputs", "secret_refs"], out);

  if (!driver) return;
  const values = isPlainObject(inputs.values) ? inputs.values : {};
  checkAgainstSchema(driver, "values", values, out);
  if (isPlainObject(inputs.secrets)) checkAgainstSchema(driver, "secrets", inputs.secrets, out);

  if (driver.id === "humanitec/template") {
    validateTemplateSet(values.templates, ["driver_inputs", "values", "templates"], options, out);
    if (isPlainObject(inputs.secrets)) {
      validateTemplateSet(inputs.secrets.templates, ["driver_inputs", "secrets", "templates"], options, out);
    }
  } else if (driver.id === "humanitec/dns-wildcard" && typeof values.template === "string") {
    checkTemplate(values.template, ["driver_inputs", "values", "template"], options, out);
  }
}

/** Leaves of secret_refs are `{store, ref, version?}` or `{value}`; inner maps nest. */
function validateSecretRefs(node: Record<string, unknown>, segments: PathSegment[], out: IssueList): void {
  for (const [key, value] of Object.entries(node)) {
    const here = [...segments, key];
    if (!isPlainObject(value)) {
      out.add(here, "a secret reference must be {store, ref, version?} or {value}");
      continue;
    }
    const isLeaf = "store" in value || "ref" in value || "value" in value;
    if (!isLeaf) {
      validateSecretRefs(value, here, out);
      continue;
    }
    if ("value" in value) {
      if ("store" in value || "ref" in value) out.add(here, "a secret reference has either `value` or `store` + `ref`, not both");
    } else if ((value.store ?? null) === null || (value.ref ?? null) === null) {
      // Example files ship refs with empty store/ref for the user to fill in: accept, but say so.
      out.add(here, "incomplete secret reference: set `store` and `ref` before deploying", "warning");
    } else if (typeof value.store !== "string" || typeof value.ref !== "string") {
      out.add(here, "a secret reference needs `store` and `ref` strings");
    }
  }
}

function checkAgainstSchema(driver: DriverDefinition, part: "values" | "secrets", data: unknown, out: IssueList): void {
  const schema = driver.inputs_schema[part];
  const validate = validatorFor(`${driver.id}#${part}`, schema);
  if (validate(data)) return;
  for (const error of validate.errors ?? []) {
    const segments: PathSegment[] = ["driver_inputs", part, ...pointerToSegments(error.instancePath)];
    const instance = valueAt(data, pointerToSegments(error.instancePath));
    if (containsPlaceholder(instance)) continue;
    const issue = describeSchemaError(error, driver);
    if (error.keyword === "additionalProperties") {
      segments.push((error.params as { additionalProperty: string }).additionalProperty);
    } else if (error.keyword === "required") {
      segments.push((error.params as { missingProperty: string }).missingProperty);
    }
    // Schemas of drivers Baton cannot run are documentation, not contracts: warn only.
    out.add(segments, issue.message, driver.available ? issue.severity : "warning");
  }
}

function describeSchemaError(error: ErrorObject, driver: DriverDefinition): { message: string; severity: IssueSeverity } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return { message: `"${String(params.additionalProperty)}" is not an input of driver ${driver.id} and is ignored`, severity: "warning" };
    case "required":
      return { message: `driver ${driver.id} requires "${String(params.missingProperty)}"`, severity: "error" };
    case "type":
      return { message: `must be ${Array.isArray(params.type) ? params.type.join(" or ") : String(params.type)}`, severity: "error" };
    case "enum":
      return { message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`, severity: "error" };
    default:
      return { message: error.message ?? "invalid value", severity: "error" };
  }
}

function validateTemplateSet(
  templates: unknown,
  segments: PathSegment[],
  options: ValidateDefinitionOptions,
  out: IssueList,
): void {
  if (templates === undefined || templates === null) return;
  if (!isPlainObject(templates)) {
    out.add(segments, "templates must be a mapping of init, manifests, outputs, secrets, cookie");
    return;
  }
  for (const key of TEMPLATE_KEYS) {
    const source = templates[key];
    if (source === undefined || source === null) continue;
    const here = [...segments, key];
    if (typeof source === "string") checkTemplate(source, here, options, out);
    else if (key === "manifests" && isPlainObject(source)) validateManifestMap(source, here, options, out);
    else if (isPlainObject(source)) {
      // Seen in the example library (a literal `outputs` map): the driver uses it as data.
      out.add(here, `${key} is a mapping, not a template string: it is used as literal data`, "warning");
    } else {
      out.add(here, key === "manifests" ? "manifests must be a template string or a mapping of manifests" : `${key} must be a template string`);
    }
  }
}

/** The map form of `manifests`: `<name>: {location, data}` where data is a template or an object. */
function validateManifestMap(
  manifests: Record<string, unknown>,
  segments: PathSegment[],
  options: ValidateDefinitionOptions,
  out: IssueList,
): void {
  for (const [name, entry] of Object.entries(manifests)) {
    const here = [...segments, name];
    if (!isPlainObject(entry)) {
      out.add(here, "a manifest must be a mapping with `location` and `data`");
      continue;
    }
    if (typeof entry.location !== "string" || !MANIFEST_LOCATIONS.includes(entry.location)) {
      if (!containsPlaceholder(entry.location)) {
        out.add([...here, "location"], `location must be one of ${MANIFEST_LOCATIONS.join(", ")}`);
      }
    }
    if (typeof entry.data === "string") checkTemplate(entry.data, [...here, "data"], options, out);
    else if (!isPlainObject(entry.data)) out.add([...here, "data"], "data must be a Kubernetes object or a template string");
  }
}

function checkTemplate(source: string, segments: PathSegment[], options: ValidateDefinitionOptions, out: IssueList): void {
  const checker = options.templateChecker === undefined ? goTemplateChecker : options.templateChecker;
  if (!checker) return;
  const name = String(segments[segments.length - 1]);
  for (const problem of checker(source, name)) {
    // Go's own messages already start with "template: <name>:<line>:".
    const message = problem.message.startsWith("template:") ? problem.message : `template "${name}": ${problem.message}`;
    out.add(segments, message, options.templateSeverity ?? "error", {
      ...(problem.line !== undefined ? { templateLine: problem.line } : {}),
      ...(problem.column !== undefined ? { templateColumn: problem.column } : {}),
    });
  }
}

function validateProvision(provision: unknown, options: ValidateDefinitionOptions, out: IssueList): void {
  if (provision === undefined || provision === null) return;
  if (!isPlainObject(provision)) {
    out.add(["provision"], "provision must be a mapping of `type[.class][#res_id]` to {is_dependent, match_dependents, params}");
    return;
  }
  for (const [key, entry] of Object.entries(provision)) {
    const here: PathSegment[] = ["provision", key];
    const parsed = PROVISION_KEY.exec(key);
    if (!parsed) out.add(here, `"${key}" is not of the form type[.class][#res_id]`);
    else if (!getResourceType(parsed[1], options.customTypes)) out.add(here, `unknown resource type "${parsed[1]}"`);
    if (entry === null || entry === undefined) continue;
    if (!isPlainObject(entry)) {
      out.add(here, "a provision entry must be a mapping");
      continue;
    }
    for (const [field, value] of Object.entries(entry)) {
      if (field === "is_dependent" || field === "match_dependents") {
        if (typeof value !== "boolean") out.add([...here, field], `${field} must be true or false`);
      } else if (field === "params") {
        if (value !== null && !isPlainObject(value)) out.add([...here, field], "params must be a mapping");
      } else {
        out.add([...here, field], `unknown key "${field}"; use is_dependent, match_dependents or params`);
      }
    }
  }
}

export function hasErrors(issues: readonly DefinitionIssue[]): boolean {
  return issues.some((issue) => issue.severity === "error");
}
