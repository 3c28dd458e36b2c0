import type { PlanError } from "@/lib/engine/graph/errors";
import { CONTAINER, DEPLOYMENT_SPEC, OBJECT_META, POD_SPEC, SERVICE_PORT, SERVICE_SPEC, STATEFULSET_SPEC, TOP_LEVEL } from "./fields";
import { boundedMemo } from "../memo";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(["Service", "Namespace"]);

export function objectId(object: Json): string {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const ns = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${String(object.kind ?? "?")}/${ns}${String(metadata.name ?? "?")}`;
}

function checkDnsName(value: unknown, label: boolean, where: string, problems: string[]): void {
  if (typeof value !== "string" || value === "") {
    problems.push(`${where} is required`);
    return;
  }
  const max = label ? 63 : 253;
  if (value.length > max) problems.push(`${where} "${value}" is longer than ${max} characters`);
  if (!(label ? DNS_LABEL : DNS_SUBDOMAIN).test(value)) {
    problems.push(`${where} "${value}" is not a valid DNS-1123 ${label ? "label" : "subdomain"} (lower-case letters, digits, "-"${label ? "" : ", \".\""})`);
  }
}

function isValidLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  return !(name.length > 63 || !LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))));
}

const isValidLabelValue = (value: string) => value.length <= 63 && LABEL_VALUE.test(value);

// the same few label keys (and each value several times) recur on every object of a plan
const validLabelKey = boundedMemo(4096, isValidLabelKey);
const validLabelValue = boundedMemo(4096, isValidLabelValue);

function checkLabels(labels: unknown, where: string, problems: string[]): void {
  if (labels === undefined) return;
  if (!isObject(labels)) {
    problems.push(`${where} must be a map`);
    return;
  }
  const keys = Object.keys(labels);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = labels[key];
    if (!validLabelKey(key)) problems.push(`${where}: "${key}" is not a valid label key`);
    if (typeof value !== "string" || !validLabelValue(value)) {
      problems.push(`${where}.${key}: ${JSON.stringify(value)} is not a valid label value`);
    }
  }
}

function checkUnknown(object: unknown, allowed: Set<string>, where: string, problems: string[]): void {
  if (!isObject(object)) return;
  for (const key of Object.keys(object)) if (!allowed.has(key)) problems.push(`${where}: unknown field "${key}"`);
}

function checkPort(value: unknown, where: string, problems: string[], allowName = false): void {
  if (value === undefined) return;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1 || value > 65535) problems.push(`${where}: port ${value} is outside 1–65535`);
    return;
  }
  if (allowName && typeof value === "string" && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && value.length <= 15) return;
  problems.push(`${where}: ${JSON.stringify(value)} is not a valid port`);
}

function checkPodSpec(spec: unknown, where: string, problems: string[], claimNames: readonly string[] = []): void {
  if (!isObject(spec)) {
    problems.push(`${where} is required`);
    return;
  }
  checkUnknown(spec, POD_SPEC, where, problems);
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) problems.push(`${where}.containers must have at least one container`);
  const names = new Set<string>();
  for (const [i, container] of [...containers, ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])].entries()) {
    const cWhere = `${where}.containers[${i}]`;
    if (!isObject(container)) continue;
    checkUnknown(container, CONTAINER, cWhere, problems);
    checkDnsName(container.name, true, `${cWhere}.name`, problems);
    if (typeof container.name === "string") {
      if (names.has(container.name)) problems.push(`${cWhere}.name "${container.name}" is used twice`);
      names.add(container.name);
    }
    if (typeof container.image !== "string" || container.image === "" || container.image === ".") {
      problems.push(`${cWhere}.image is missing`);
    }
    for (const [j, port] of (Array.isArray(container.ports) ? container.ports : []).entries()) {
      if (isObject(port)) checkPort(port.containerPort, `${cWhere}.ports[${j}].containerPort`, problems);
    }
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      const p = container[probe];
      if (isObject(p) && isObject(p.httpGet)) checkPort(p.httpGet.port, `${cWhere}.${probe}.httpGet.port`, problems, true);
    }
  }
  // a StatefulSet's volumeClaimTemplates are volumes too
  const volumeNames = new Set<string>(claimNames);
  for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (isObject(volume) && typeof volume.name === "string") {
      if (volumeNames.has(volume.name)) problems.push(`${where}.volumes: "${volume.name}" is defined twice`);
      volumeNames.add(volume.name);
    }
  }
  for (const [i, container] of containers.entries()) {
    if (!isObject(container)) continue;
    for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
      if (isObject(mount) && !volumeNames.has(String(mount.name))) {
        problems.push(`${where}.containers[${i}].volumeMounts: volume "${String(mount.name)}" is not defined in the pod`);
      }
    }
  }
}

function checkWorkloadController(object: Json, allowedSpec: Set<string>, problems: string[]): void {
  const spec = object.spec;
  if (!isObject(spec)) {
    problems.push("spec is required");
    return;
  }
  checkUnknown(spec, allowedSpec, "spec", problems);
  const template = isObject(spec.template) ? spec.template : {};
  const templateMeta = isObject(template.metadata) ? template.metadata : {};
  checkLabels(templateMeta.labels, "spec.template.metadata.labels", problems);
  const selector = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : undefined;
  if (!selector || Object.keys(selector).length === 0) problems.push("spec.selector.matchLabels must not be empty");
  else {
    const labels = isObject(templateMeta.labels) ? templateMeta.labels : {};
    for (const [key, value] of Object.entries(selector)) {
      if (labels[key] !== value) problems.push(`spec.selector.matchLabels.${key}=${String(value)} is not among the pod template labels`);
    }
  }
  const claimNames: string[] = [];
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const c of spec.volumeClaimTemplates) if (isObject(c) && isObject(c.metadata) && typeof c.metadata.name === "string") claimNames.push(c.metadata.name);
  }
  checkPodSpec(template.spec, "spec.template.spec", problems, claimNames);
}

function checkService(object: Json, problems: string[]): void {
  const spec = isObject(object.spec) ? object.spec : {};
  checkUnknown(spec, SERVICE_SPEC, "spec", problems);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.type !== "ExternalName" && spec.clusterIP !== "None") problems.push("spec.ports must not be empty");
  for (const [i, port] of ports.entries()) {
    if (!isObject(port)) continue;
    checkUnknown(port, SERVICE_PORT, `spec.ports[${i}]`, problems);
    checkPort(port.port, `spec.ports[${i}].port`, problems);
    checkPort(port.targetPort, `spec.ports[${i}].targetPort`, problems, true);
    if (port.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(String(port.protocol))) problems.push(`spec.ports[${i}].protocol "${String(port.protocol)}" must be TCP, UDP or SCTP`);
    if (ports.length > 1 && typeof port.name !== "string") problems.push(`spec.ports[${i}].name is required when a Service has several ports`);
  }
}

const topLevelByKind = new Map<string, Set<string> | undefined>();
/** The fields a known kind may have at the top: its own plus apiVersion, kind and metadata. */
function topLevelFields(kind: string): Set<string> | undefined {
  if (!topLevelByKind.has(kind)) {
    const own = Object.hasOwn(TOP_LEVEL, kind) ? TOP_LEVEL[kind] : undefined; // "constructor" is a kind name too
    topLevelByKind.set(kind, own ? new Set(["apiVersion", "kind", "metadata", ...own]) : undefined);
  }
  return topLevelByKind.get(kind);
}

/** Baton's own checks (beyond the OpenAPI schema): names, labels, ports, selectors, unknown fields. */
export function checkObject(object: Json): string[] {
  const problems: string[] = [];
  const kind = String(object.kind ?? "");
  if (typeof object.apiVersion !== "string" || !object.apiVersion) problems.push("apiVersion is required");
  if (!kind) problems.push("kind is required");
  const metadata = isObject(object.metadata) ? object.metadata : undefined;
  if (!metadata) {
    problems.push("metadata is required");
    return problems;
  }
  const known = topLevelFields(kind);
  if (known) {
    checkUnknown(object, known, "", problems);
    checkUnknown(metadata, OBJECT_META, "metadata", problems);
  }
  checkDnsName(metadata.name, LABEL_NAMED_KINDS.has(kind), "metadata.name", problems);
  if (metadata.namespace !== undefined) checkDnsName(metadata.namespace, true, "metadata.namespace", problems);
  checkLabels(metadata.labels, "metadata.labels", problems);
  if (kind === "Deployment") checkWorkloadController(object, DEPLOYMENT_SPEC, problems);
  if (kind === "StatefulSet") checkWorkloadController(object, STATEFULSET_SPEC, problems);
  if (kind === "Service") checkService(object, problems);
  if ((kind === "ConfigMap" || kind === "Secret") && isObject(object.data)) {
    for (const key of Object.keys(object.data)) if (!/^[-._a-zA-Z0-9]+$/.test(key)) problems.push(`data: key "${key}" is not valid`);
  }
  return problems.map((p) => (p.startsWith(":") ? p.slice(2) : p));
}

type ModelClass = { new (data: unknown): { validate(): void }; prototype: { validate(): void } };
const modelCache = new Map<string, Promise<ModelClass | null>>();
/** The models already loaded, to validate without awaiting once per object. */
const loadedModels = new Map<string, ModelClass | null>();

/** kubernetes-models ships one module per apiVersion/kind; custom resources have none. */
function loadModel(apiVersion: string, kind: string): Promise<ModelClass | null> {
  const cacheKey = `${apiVersion}/${kind}`;
  let pending = modelCache.get(cacheKey);
  if (!pending) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const specifier = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
    pending = (/^[A-Za-z0-9.\-/]+$/.test(specifier) ? import(/* @vite-ignore */ specifier) : Promise.reject(new Error("bad name")))
      .then((mod: Record<string, unknown>) => (typeof mod[kind] === "function" ? (mod[kind] as ModelClass) : null))
      .catch(() => null)
      .then((model) => {
        loadedModels.set(cacheKey, model);
        return model;
      });
    modelCache.set(cacheKey, pending);
  }
  return pending;
}

/** Whether a plain object or list holds a member whose value is `undefined`, at any depth. */
function hasUndefinedMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUndefinedMember);
  if (typeof value !== "object" || value === null) return false;
  for (const key in value) {
    const member = (value as Json)[key];
    if (member === undefined || hasUndefinedMember(member)) return true;
  }
  return false;
}

/**
 * `new Model(object).validate()` deep-copies the object (dropping undefined members) only to run
 * the schema's validator on the copy. The validator reads without changing anything, so an
 * object without undefined members is validated as it is.
 */
function validateWithModel(Model: ModelClass, object: Json): void {
  if (hasUndefinedMember(object)) new Model(object).validate();
  else Model.prototype.validate.call(object);
}

/**
 * Validates objects with the Kubernetes OpenAPI schema (kubernetes-models) when Baton knows
 * the kind, plus Baton's own checks; each problem becomes an `invalid-object` error.
 */
export async function validateObjects(objects: readonly Json[]): Promise<PlanError[]> {
  const errors: PlanError[] = [];
  for (const object of objects) {
    const problems = checkObject(object);
    if (typeof object.apiVersion === "string" && typeof object.kind === "string") {
      const Model = loadedModels.get(`${object.apiVersion}/${object.kind}`) ?? (await loadModel(object.apiVersion, object.kind));
      if (Model) {
        try {
          validateWithModel(Model, object);
        } catch (err) {
          problems.push(`schema: ${(err as Error).message}`);
        }
      }
    }
    if (problems.length === 0) continue;
    const id = objectId(object);
    for (const message of problems) errors.push({ code: "invalid-object", scope: "object", object_id: id, message });
  }
  return errors;
}
