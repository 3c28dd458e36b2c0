import type { ScoreContainer, ScoreContainerProbe, ScoreResource, ScoreWorkload } from "@/lib/engine/score/types";
import { canonicalJson, cloneJson } from "./canonical";
import { formatPointer } from "./json-patch";
import { escapeHumanitecLiteral, tokenizeScoreString } from "./score-template";
import {
  DEFAULT_MODULE_PROFILE,
  type DeploymentDelta,
  type ExternalResource,
  type JsonObject,
  type JsonPatchOp,
  type Module,
  type SharedResource,
} from "./types";

/**
 * Score → deployment-set module, as humctl / score-humanitec convert it:
 * `${resources.N.K}` becomes `${externals.N.K}` (private) or `${shared.ID.K}` (resource with an
 * `id`), an `environment` resource becomes `${values.K}`, a `service` resource becomes
 * `${modules.T.service.K}` and `${metadata.…}` is resolved on the spot.
 */

export interface ConversionError {
  workload: string;
  /** Dotted Score path, e.g. `containers.main.variables.DB`. */
  field: string;
  message: string;
  /** Which reference stage this corresponds to (see score/invalid/expected.yaml). */
  stage: "prime-resources" | "generate" | "provision-order";
}

export interface ScoreConversionOptions {
  /** Replaces `image: .` (humctl/score-k8s `--image`). */
  image?: string;
  /** Reads a `files.*.source` path (relative to the Score file); absent ⇒ such files are an error. */
  readSource?: (workload: string, source: string) => string | Uint8Array;
  /** The file the workload came from, for messages. */
  fileName?: string;
}

export interface SharedDeclaration {
  resource: SharedResource;
  /** UID in score-go's form `type.class#id`, used in conflict messages. */
  uid: string;
  sourceWorkload: string;
  metadataJson: string;
  paramsJson?: string;
}

export interface ScoreConversion {
  workload: string;
  module: Module;
  shared: Record<string, SharedDeclaration>;
  errors: ConversionError[];
}

type ResourceKind =
  | { kind: "private"; name: string }
  | { kind: "shared"; id: string }
  | { kind: "environment" }
  | { kind: "service"; target: string };

function classifyResource(name: string, resource: ScoreResource): ResourceKind {
  if (resource.type === "environment") return { kind: "environment" };
  if (resource.type === "service") {
    // community `service` type: the target workload is the last label of the id (score.md §10)
    const ref = resource.id ?? name;
    return { kind: "service", target: ref.split(".").pop() ?? ref };
  }
  if (resource.id !== undefined) return { kind: "shared", id: resource.id };
  return { kind: "private", name };
}

/** The res_id of a Score resource in Humanitec terms (humanitec-model.md §2). */
export function scoreResourceResId(workload: string, name: string, resource: ScoreResource): string {
  return resource.id !== undefined ? `shared.${resource.id}` : `modules.${workload}.externals.${name}`;
}

interface TranslateContext {
  workload: ScoreWorkload;
  kinds: Map<string, ResourceKind>;
  errors: ConversionError[];
  /** Params of shared resources have no owning module, so private refs there are written in full. */
  absoluteRefs: boolean;
}

function lookupMetadata(metadata: unknown, path: string[]): { ok: true; value: unknown } | { ok: false; message: string } {
  if (path.length === 0) return { ok: false, message: "requires at least a metadata key to lookup" };
  let current: unknown = metadata;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) {
      return { ok: false, message: `cannot lookup key '${key}', context is not a map` };
    }
    if (!(key in (current as Record<string, unknown>))) return { ok: false, message: `key '${key}' not found` };
    current = (current as Record<string, unknown>)[key];
  }
  return { ok: true, value: current };
}

function joinPath(parts: string[]): string {
  return parts.join(".");
}

/** Records an invalid reference (a module-level helper: translateRef runs for every reference). */
function failRef(ctx: TranslateContext, field: string, raw: string, message: string): undefined {
  ctx.errors.push({ workload: ctx.workload.metadata.name, field, message: `invalid ref '${raw}': ${message}`, stage: "generate" });
  return undefined;
}

function translateRef(path: string[], raw: string, field: string, ctx: TranslateContext): string | undefined {
  const [root, ...rest] = path;
  if (root === "metadata") {
    const found = lookupMetadata(ctx.workload.metadata, rest);
    if (!found.ok) return failRef(ctx, field, raw, found.message);
    const text = typeof found.value === "string" ? found.value : JSON.stringify(found.value);
    return escapeHumanitecLiteral(text);
  }
  if (root !== "resources") return failRef(ctx, field, raw, "unknown reference root, use $$ to escape the substitution");
  const [name, ...keys] = rest;
  const resource = ctx.workload.resources?.[name];
  const kind = ctx.kinds.get(name);
  if (!resource || !kind) return failRef(ctx, field, raw, `no known resource '${name}'`);
  if (keys.length === 0) return failRef(ctx, field, raw, "a resource reference needs an output key outside volume sources");
  const key = joinPath(keys);
  switch (kind.kind) {
    case "environment":
      return `\${values.${key}}`;
    case "service":
      return `\${modules.${kind.target}.service.${key}}`;
    case "shared":
      return `\${shared.${kind.id}.${key}}`;
    case "private":
      if (ctx.absoluteRefs) {
        const uid = `${resource.type}.${resource.class ?? "default"}#modules.${ctx.workload.metadata.name}.externals.${name}`;
        return `\${resources['${uid}'].outputs.${key}}`;
      }
      return `\${externals.${name}.${key}}`;
  }
}

function translateString(input: string, field: string, ctx: TranslateContext): string {
  let out = "";
  for (const token of tokenizeScoreString(input)) {
    if (token.kind === "text") out += escapeHumanitecLiteral(token.text);
    else out += translateRef(token.path, token.raw, field, ctx) ?? "";
  }
  return out;
}

function translateDeep(value: unknown, field: string, ctx: TranslateContext): unknown {
  if (typeof value === "string") return translateString(value, field, ctx);
  if (Array.isArray(value)) return value.map((item, i) => translateDeep(item, `${field}[${i}]`, ctx));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, translateDeep(v, `${field}.${k}`, ctx)]),
    );
  }
  return value;
}

/** Names of resources a params object refers to (`${resources.N…}`), for the param-order check. */
function referencedResources(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    for (const token of tokenizeScoreString(value)) {
      if (token.kind === "ref" && token.path[0] === "resources" && token.path[1]) out.add(token.path[1]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => referencedResources(item, out));
  } else if (typeof value === "object" && value !== null) {
    Object.values(value).forEach((item) => referencedResources(item, out));
  }
  return out;
}

function convertProbe(probe: ScoreContainerProbe): JsonObject | undefined {
  if (probe.httpGet) {
    const http = probe.httpGet;
    return {
      type: "http",
      path: http.path,
      port: http.port,
      ...(http.host !== undefined ? { host: http.host } : {}),
      ...(http.scheme !== undefined ? { scheme: http.scheme } : {}),
      ...(http.httpHeaders?.length ? { headers: http.httpHeaders.map((h) => ({ name: h.name, value: h.value })) } : {}),
    };
  }
  if (probe.exec) return { type: "exec", command: [...probe.exec.command] };
  return undefined;
}

function volumeId(source: string, field: string, ctx: TranslateContext): string | undefined {
  const tokens = tokenizeScoreString(source);
  const only = tokens.length === 1 && tokens[0].kind === "ref" ? tokens[0] : undefined;
  if (only && only.path[0] === "resources" && only.path.length === 2) {
    const kind = ctx.kinds.get(only.path[1]);
    if (!kind) {
      ctx.errors.push({ workload: ctx.workload.metadata.name, field, message: `source: resource '${only.path[1]}' does not exist`, stage: "generate" });
      return undefined;
    }
    if (kind.kind === "private") return `externals.${kind.name}`;
    if (kind.kind === "shared") return `shared.${kind.id}`;
    ctx.errors.push({ workload: ctx.workload.metadata.name, field, message: `source: resource '${only.path[1]}' of type ${ctx.workload.resources?.[only.path[1]]?.type} cannot be mounted as a volume`, stage: "generate" });
    return undefined;
  }
  return translateString(source, field, ctx);
}

function decodeText(content: string | Uint8Array): { text: string; binary: boolean } {
  if (typeof content === "string") return { text: content, binary: false };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(content), binary: false };
  } catch {
    return { text: Buffer.from(content).toString("base64"), binary: true };
  }
}

function convertContainer(
  containerName: string,
  container: ScoreContainer,
  ctx: TranslateContext,
  options: ScoreConversionOptions,
): JsonObject {
  const workload = ctx.workload.metadata.name;
  const base = `containers.${containerName}`;
  const spec: JsonObject = { id: containerName };
  if (container.image === ".") {
    if (options.image) spec.image = options.image;
    else {
      const file = options.fileName ?? workload;
      ctx.errors.push({
        workload,
        field: `${base}.image`,
        message: `failed to convert '${file}' because container '${containerName}' has no image and --image was not provided`,
        stage: "generate",
      });
      spec.image = ".";
    }
  } else {
    spec.image = container.image;
  }
  if (container.command) spec.command = [...container.command];
  if (container.args) spec.args = [...container.args];
  if (container.variables) {
    spec.variables = Object.fromEntries(
      Object.entries(container.variables).map(([key, value]) => [key, translateString(String(value), `${base}.variables.${key}`, ctx)]),
    );
  }
  if (container.files) {
    const files: JsonObject = {};
    for (const [target, file] of Object.entries(container.files)) {
      const field = `${base}.files.${target}`;
      const entry: JsonObject = { mode: file.mode ?? "0644" };
      if (file.binaryContent !== undefined) {
        entry.value = file.binaryContent;
        entry.binary = true;
      } else {
        let raw: string | undefined = file.content;
        if (raw === undefined && file.source !== undefined) {
          if (!options.readSource) {
            ctx.errors.push({ workload, field: `${field}.source`, message: `cannot read '${file.source}': no Score file directory to read it from`, stage: "generate" });
            continue;
          }
          try {
            const decoded = decodeText(options.readSource(workload, file.source));
            if (decoded.binary) {
              if (!file.noExpand) {
                ctx.errors.push({ workload, field: `${field}.source`, message: "source content contains non-utf8 bytes; set noExpand=true or use binaryContent", stage: "generate" });
                continue;
              }
              entry.value = decoded.text;
              entry.binary = true;
              files[target] = entry;
              continue;
            }
            raw = decoded.text;
          } catch (err) {
            ctx.errors.push({ workload, field: `${field}.source`, message: `cannot read '${file.source}': ${(err as Error).message}`, stage: "generate" });
            continue;
          }
        }
        raw ??= "";
        entry.value = file.noExpand ? escapeHumanitecLiteral(raw) : translateString(raw, `${field}.content`, ctx);
      }
      files[target] = entry;
    }
    spec.files = files;
  }
  if (container.volumes) {
    const mounts: JsonObject = {};
    for (const [target, volume] of Object.entries(container.volumes)) {
      const id = volumeId(volume.source, `${base}.volumes.${target}.source`, ctx);
      if (id === undefined) continue;
      mounts[target] = {
        id,
        ...(volume.path !== undefined ? { sub_path: volume.path } : {}),
        read_only: volume.readOnly ?? false,
      };
    }
    spec.volume_mounts = mounts;
  }
  if (container.resources) spec.resources = cloneJson(container.resources);
  if (container.livenessProbe) {
    const probe = convertProbe(container.livenessProbe);
    if (probe) spec.liveness_probe = probe;
    else ctx.errors.push({ workload, field: `${base}.livenessProbe`, message: "either httpGet or exec must be defined", stage: "generate" });
  }
  if (container.readinessProbe) {
    const probe = convertProbe(container.readinessProbe);
    if (probe) spec.readiness_probe = probe;
    else ctx.errors.push({ workload, field: `${base}.readinessProbe`, message: "either httpGet or exec must be defined", stage: "generate" });
  }
  if (container.before) {
    for (const [other, condition] of Object.entries(container.before)) {
      if (condition.ready === "healthy" && !container.livenessProbe && !container.readinessProbe) {
        ctx.errors.push({
          workload,
          field: `${base}.before`,
          message: `containers.${containerName}.before: ready 'healthy' requires a readiness or liveness probe to be defined`,
          stage: "generate",
        });
      }
      void other;
    }
    spec.before = cloneJson(container.before);
  }
  return spec;
}

/** Detects cycles among resource params placeholders, as score-go does before provisioning. */
function checkParamCycles(workload: ScoreWorkload, errors: ConversionError[]): void {
  const resources = workload.resources ?? {};
  const edges = new Map<string, string[]>();
  for (const [name, resource] of Object.entries(resources)) {
    edges.set(name, [...referencedResources(resource.params ?? {})].filter((n) => n in resources).sort());
  }
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string): boolean => {
    if (state.get(name) === "done") return false;
    if (state.get(name) === "visiting") {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      errors.push({
        workload: workload.metadata.name,
        field: `resources.${name}.params`,
        message: `a cycle exists involving resource param placeholders: ${cycle.join(" → ")}`,
        stage: "provision-order",
      });
      return true;
    }
    state.set(name, "visiting");
    stack.push(name);
    for (const next of edges.get(name) ?? []) if (visit(next)) return true;
    stack.pop();
    state.set(name, "done");
    return false;
  };
  for (const name of [...edges.keys()].sort()) {
    if (visit(name)) return;
  }
}

export function convertScoreWorkload(workload: ScoreWorkload, options: ScoreConversionOptions = {}): ScoreConversion {
  const name = workload.metadata.name;
  const errors: ConversionError[] = [];
  const kinds = new Map<string, ResourceKind>();
  for (const [resName, resource] of Object.entries(workload.resources ?? {})) kinds.set(resName, classifyResource(resName, resource));
  const ctx: TranslateContext = { workload, kinds, errors, absoluteRefs: false };

  checkParamCycles(workload, errors);

  const containers: JsonObject = {};
  for (const containerName of Object.keys(workload.containers).sort()) {
    containers[containerName] = convertContainer(containerName, workload.containers[containerName], ctx, options);
  }
  const spec: JsonObject = { containers };
  const ports = workload.service?.ports ?? {};
  if (Object.keys(ports).length > 0) {
    spec.service = {
      ports: Object.fromEntries(
        Object.entries(ports).map(([portName, port]) => [
          portName,
          { protocol: port.protocol ?? "TCP", service_port: port.port, container_port: port.targetPort ?? port.port },
        ]),
      ),
    };
  }
  if (workload.metadata.annotations && Object.keys(workload.metadata.annotations).length > 0) {
    spec.annotations = { ...workload.metadata.annotations };
  }

  const externals: Record<string, ExternalResource> = {};
  const shared: Record<string, SharedDeclaration> = {};
  for (const resName of Object.keys(workload.resources ?? {}).sort()) {
    const resource = workload.resources![resName];
    const kind = kinds.get(resName)!;
    if (kind.kind === "environment" || kind.kind === "service") continue;
    const params = resource.params
      ? (translateDeep(resource.params, `resources.${resName}.params`, { ...ctx, absoluteRefs: kind.kind === "shared" }) as JsonObject)
      : undefined;
    const entry: ExternalResource = {
      type: resource.type,
      ...(resource.class !== undefined ? { class: resource.class } : {}),
      ...(params !== undefined ? { params } : {}),
    };
    if (kind.kind === "private") {
      externals[resName] = entry;
      continue;
    }
    const uid = `${resource.type}.${resource.class ?? "default"}#${kind.id}`;
    const declaration: SharedDeclaration = {
      resource: entry,
      uid,
      sourceWorkload: name,
      metadataJson: canonicalJson(resource.metadata ?? {}),
      ...(resource.params !== undefined ? { paramsJson: canonicalJson(resource.params) } : {}),
    };
    mergeSharedDeclaration(shared, kind.id, declaration, name, `resources.${resName}`, errors);
  }
  const module: Module = { profile: DEFAULT_MODULE_PROFILE, spec, externals };
  return { workload: name, module, shared, errors };
}

/**
 * Same type + class + id is one resource (score.md §7): a later declaration may omit params
 * and metadata, but must not contradict them.
 */
function mergeSharedDeclaration(
  into: Record<string, SharedDeclaration>,
  id: string,
  next: SharedDeclaration,
  workload: string,
  field: string,
  errors: ConversionError[],
): void {
  const previous = into[id];
  if (!previous) {
    into[id] = next;
    return;
  }
  if (previous.uid !== next.uid) {
    errors.push({ workload, field, message: `resource id '${id}' is used for both '${previous.uid}' and '${next.uid}'`, stage: "prime-resources" });
    return;
  }
  if (next.paramsJson !== undefined && previous.paramsJson !== undefined && next.paramsJson !== previous.paramsJson) {
    errors.push({ workload, field, message: `resource '${next.uid}': multiple definitions with different params`, stage: "prime-resources" });
    return;
  }
  if (next.metadataJson !== "{}" && previous.metadataJson !== "{}" && next.metadataJson !== previous.metadataJson) {
    errors.push({ workload, field, message: `resource '${next.uid}': multiple definitions with different metadata`, stage: "prime-resources" });
    return;
  }
  if (previous.paramsJson === undefined && next.paramsJson !== undefined) {
    into[id] = { ...next, metadataJson: previous.metadataJson !== "{}" ? previous.metadataJson : next.metadataJson };
  }
}

export interface ScoreDeltaResult {
  delta: DeploymentDelta;
  conversions: ScoreConversion[];
  errors: ConversionError[];
}

/**
 * Several Score workloads → one delta (what `humctl score deploy --deploy-config` sends):
 * each workload is a whole-module `add`; their shared resources become `shared` add ops.
 */
export function scoreToDelta(
  workloads: readonly ScoreWorkload[],
  options: (workload: ScoreWorkload) => ScoreConversionOptions = () => ({}),
): ScoreDeltaResult {
  const conversions: ScoreConversion[] = [];
  const errors: ConversionError[] = [];
  const add: Record<string, Module> = {};
  const shared: Record<string, SharedDeclaration> = {};
  for (const workload of workloads) {
    const conversion = convertScoreWorkload(workload, options(workload));
    conversions.push(conversion);
    errors.push(...conversion.errors);
    if (conversion.workload in add) {
      errors.push({ workload: conversion.workload, field: "metadata.name", message: `workload name '${conversion.workload}' is used more than once`, stage: "prime-resources" });
      continue;
    }
    add[conversion.workload] = conversion.module;
    for (const id of Object.keys(conversion.shared).sort()) {
      mergeSharedDeclaration(shared, id, conversion.shared[id], conversion.workload, `resources (id ${id})`, errors);
    }
  }
  const sharedOps: JsonPatchOp[] = Object.keys(shared)
    .sort()
    .map((id) => ({ op: "add", path: formatPointer([id]), value: shared[id].resource }));
  return { delta: { modules: { add }, shared: sharedOps }, conversions, errors };
}
