import { placeContainers } from "./container-order";
import type { Module } from "@/lib/engine/delta/types";
import type { DriverManifest } from "@/lib/engine/drivers/types";
import type { PlanError } from "@/lib/engine/graph/errors";
import { substituteDeep, substituteString, type PlaceholderIssue, type ReferenceResolver } from "@/lib/engine/placeholders/substitute";
import { CONTAINER, MODULE_POD_FIELDS } from "./fields";
import { selectorLabels, shortHash, workloadLabels, type RenderScope } from "./labels";

type Json = Record<string, unknown>;

export interface VolumeSourceLookup {
  /** The pod volume a `volume_mounts[*].id` (`externals.N` / `shared.X`) stands for. */
  (id: string): { volume: Json } | { error: string; dependency?: boolean };
}

export interface RenderWorkloadInput {
  scope: RenderScope;
  workload: string;
  module: Module;
  namespace: string;
  resolve: ReferenceResolver;
  volumeFor: VolumeSourceLookup;
  /** Manifests at location `containers` / `volumes` from the workload's resources. */
  injected: DriverManifest[];
}

export interface RenderWorkloadResult {
  objects: Json[];
  errors: PlanError[];
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function asStringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function stringValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value);
}

/** Secret/ConfigMap keys allow `[-._a-zA-Z0-9]+`; anything else gets a hashed key. */
function dataKey(preferred: string): string {
  return /^[-._a-zA-Z0-9]+$/.test(preferred) && preferred.length <= 253 ? preferred : `key-${shortHash(preferred)}`;
}

const PROBE_TIMINGS: Record<string, string> = {
  initial_delay_seconds: "initialDelaySeconds",
  period_seconds: "periodSeconds",
  timeout_seconds: "timeoutSeconds",
  success_threshold: "successThreshold",
  failure_threshold: "failureThreshold",
};

function convertProbe(probe: unknown, where: string, errors: string[]): Json | undefined {
  if (!isObject(probe)) return undefined;
  const out: Json = {};
  for (const [snake, camel] of Object.entries(PROBE_TIMINGS)) {
    if (probe[snake] !== undefined) out[camel] = probe[snake];
    if (probe[camel] !== undefined) out[camel] = probe[camel];
  }
  switch (probe.type) {
    case "http":
      out.httpGet = {
        path: probe.path ?? "/",
        port: probe.port,
        ...(probe.host !== undefined ? { host: probe.host } : {}),
        ...(probe.scheme !== undefined ? { scheme: probe.scheme } : {}),
        ...(Array.isArray(probe.headers) ? { httpHeaders: probe.headers } : {}),
      };
      return out;
    case "exec":
    case "command":
      out.exec = { command: probe.command };
      return out;
    case "tcp":
      out.tcpSocket = { port: probe.port };
      return out;
    default:
      if (probe.httpGet || probe.exec || probe.tcpSocket || probe.grpc) return { ...probe };
      errors.push(`${where}: unknown probe type ${JSON.stringify(probe.type)} (expected http, exec or tcp)`);
      return undefined;
  }
}

function parseMode(mode: unknown): number | undefined {
  if (mode === undefined || mode === null || mode === "") return undefined;
  const text = String(mode);
  if (!/^0?[0-7]{3,4}$/.test(text)) return undefined;
  return parseInt(text, 8);
}

const b64 = (text: string, binary = false) => (binary ? text : Buffer.from(text, "utf8").toString("base64"));

/**
 * One workload → its Kubernetes objects: ConfigMaps/Secrets for files and secret variables,
 * the Service (when it has ports), and the Deployment (or StatefulSet, via the score-k8s
 * annotation `k8s.score.dev/kind`). Placeholders in the spec are resolved here; a variable or
 * file that touched a secret goes into a Secret and is referenced, never inlined.
 */
export function renderWorkload(input: RenderWorkloadInput): RenderWorkloadResult {
  const { scope, workload, module, namespace } = input;
  const errors: PlanError[] = [];
  const problems: string[] = [];
  const fail = (message: string, code: PlanError["code"] = "render") => errors.push({ code, scope: "workload", object_id: workload, message });
  const placeholderIssue = (issue: PlaceholderIssue) =>
    fail(`${issue.placeholder} in ${issue.location}: ${issue.message}`, issue.dependency ? "dependency-failed" : "placeholder");

  const spec = module.spec as Json;
  const annotations = asStringMap(spec.annotations);
  const kind = annotations["k8s.score.dev/kind"] ?? "Deployment";
  if (kind !== "Deployment" && kind !== "StatefulSet") {
    fail(`annotation k8s.score.dev/kind: "${kind}" is not supported (Deployment or StatefulSet)`);
    return { objects: [], errors };
  }
  const labels = workloadLabels(scope, workload);
  const selector = selectorLabels(scope, workload);
  const envSecretName = `${workload}-env`;
  const envSecretData: Record<string, string> = {};
  const configMaps: Json[] = [];
  const secrets: Json[] = [];
  const volumes = new Map<string, Json>();
  const rendered = new Map<string, Json>();

  const containerSpecs = isObject(spec.containers) ? spec.containers : {};
  for (const containerId of Object.keys(containerSpecs).sort()) {
    const c = containerSpecs[containerId] as Json;
    const where = `spec.containers.${containerId}`;
    const container: Json = { name: containerId, image: c.image };
    if (Array.isArray(c.command)) container.command = c.command;
    if (Array.isArray(c.args)) container.args = c.args;

    // variables: resolved one by one so each keeps its own secret taint
    const env: Json[] = [];
    const variables = isObject(c.variables) ? c.variables : {};
    for (const name of Object.keys(variables).sort()) {
      const raw = variables[name];
      const result = typeof raw === "string" ? substituteString(raw, input.resolve, `${where}.variables.${name}`) : { value: raw, secret: false, issues: [], secretPaths: [] };
      for (const issue of result.issues) placeholderIssue(issue);
      if (result.secret) {
        const key = dataKey(`${containerId}.${name}`);
        envSecretData[key] = b64(stringValue(result.value));
        env.push({ name, valueFrom: { secretKeyRef: { name: envSecretName, key } } });
      } else {
        env.push({ name, value: stringValue(result.value) });
      }
    }
    if (Array.isArray(c.env)) {
      const resolved = substituteDeep(c.env, input.resolve, `${where}.env`);
      for (const issue of resolved.issues) placeholderIssue(issue);
      if (resolved.secret) fail(`${where}.env: a secret may not be written into a raw env entry; use variables instead`, "placeholder");
      else env.push(...(resolved.value as Json[]));
    }
    if (env.length > 0) container.env = env;

    // files: one ConfigMap (and one Secret when needed) per container, each file mounted at its exact path
    const files = isObject(c.files) ? c.files : {};
    const mounts: Json[] = [];
    const cmName = `${workload}-${containerId}-files`;
    const secretFilesName = `${workload}-${containerId}-secret-files`;
    const cmData: Record<string, string> = {};
    const cmBinary: Record<string, string> = {};
    const secretData: Record<string, string> = {};
    const cmItems: Json[] = [];
    const secretItems: Json[] = [];
    for (const target of Object.keys(files).sort()) {
      const file = files[target] as Json;
      const key = `file-${shortHash(target)}`;
      const mode = parseMode(file.mode);
      if (file.mode !== undefined && mode === undefined) problems.push(`${where}.files.${target}.mode: "${String(file.mode)}" is not an octal mode`);
      let secret = false;
      let value = "";
      if (file.binary === true) {
        value = String(file.value ?? "");
        cmBinary[key] = value;
      } else {
        const result = substituteString(String(file.value ?? ""), input.resolve, `${where}.files.${target}`);
        for (const issue of result.issues) placeholderIssue(issue);
        value = stringValue(result.value);
        secret = result.secret;
        if (secret) secretData[key] = b64(value);
        else cmData[key] = value;
      }
      (secret ? secretItems : cmItems).push({ key, path: key, ...(mode !== undefined ? { mode } : {}) });
      mounts.push({ name: secret ? `secret-files-${containerId}` : `files-${containerId}`, mountPath: target, subPath: key, readOnly: true });
    }
    if (cmItems.length > 0) {
      configMaps.push({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: cmName, namespace, labels },
        ...(Object.keys(cmData).length ? { data: cmData } : {}),
        ...(Object.keys(cmBinary).length ? { binaryData: cmBinary } : {}),
      });
      volumes.set(`files-${containerId}`, { name: `files-${containerId}`, configMap: { name: cmName, items: cmItems } });
    }
    if (secretItems.length > 0) {
      secrets.push({ apiVersion: "v1", kind: "Secret", metadata: { name: secretFilesName, namespace, labels }, type: "Opaque", data: secretData });
      volumes.set(`secret-files-${containerId}`, { name: `secret-files-${containerId}`, secret: { secretName: secretFilesName, items: secretItems } });
    }

    // volumes from resources
    const volumeMounts = isObject(c.volume_mounts) ? c.volume_mounts : {};
    for (const target of Object.keys(volumeMounts).sort()) {
      const mount = volumeMounts[target] as Json;
      const found = input.volumeFor(String(mount.id ?? ""));
      if ("error" in found) {
        fail(`${where}.volume_mounts.${target}: ${found.error}`, found.dependency ? "dependency-failed" : "render");
        continue;
      }
      const name = String(found.volume.name);
      volumes.set(name, found.volume);
      mounts.push({
        name,
        mountPath: target,
        ...(mount.sub_path ? { subPath: String(mount.sub_path) } : {}),
        ...(mount.read_only === true ? { readOnly: true } : {}),
      });
    }
    if (mounts.length > 0) container.volumeMounts = mounts;

    if (isObject(c.resources)) container.resources = c.resources;
    const liveness = convertProbe(c.liveness_probe, `${where}.liveness_probe`, problems);
    if (liveness) container.livenessProbe = liveness;
    const readiness = convertProbe(c.readiness_probe, `${where}.readiness_probe`, problems);
    if (readiness) container.readinessProbe = readiness;
    // native Kubernetes container fields a workload definition patched in (securityContext, ports …)
    for (const field of CONTAINER) {
      if (field in container || field === "env" || field === "volumeMounts" || c[field] === undefined) continue;
      const resolved = substituteDeep(c[field], input.resolve, `${where}.${field}`);
      for (const issue of resolved.issues) placeholderIssue(issue);
      container[field] = resolved.value;
    }
    rendered.set(containerId, container);
  }
  for (const message of problems) fail(message);
  const { containers, initContainers } = arrangeContainers(containerSpecs, rendered);

  // containers and volumes that resources inject (manifest locations `containers` / `volumes`)
  for (const manifest of input.injected) {
    if (manifest.location === "containers") containers.push(manifest.data);
    else if (manifest.location === "volumes" && typeof manifest.data.name === "string") volumes.set(manifest.data.name, manifest.data);
  }

  const pod = isObject(spec.pod) ? spec.pod : {};
  // PodSpec fields a workload definition patched in (serviceAccountName, tolerations …); containers are final already
  const patched: Json = {};
  for (const field of MODULE_POD_FIELDS) {
    const value = pod[field] ?? spec[field];
    if (value !== undefined) patched[field] = value;
  }
  const patchedResolved = substituteDeep(patched, input.resolve, "spec");
  for (const issue of patchedResolved.issues) placeholderIssue(issue);
  const finalPodSpec: Json = { containers, ...(patchedResolved.value as Json) };
  const patchedInit = (patchedResolved.value as Json).initContainers;
  if (initContainers.length > 0) finalPodSpec.initContainers = [...initContainers, ...(Array.isArray(patchedInit) ? patchedInit : [])];
  if (volumes.size > 0) finalPodSpec.volumes = [...volumes.values()];

  const podAnnotations = { ...Object.fromEntries(Object.entries(annotations).filter(([k]) => !k.startsWith("k8s.score.dev/"))), ...asStringMap(pod.annotations) };
  const template = {
    metadata: {
      labels: { ...asStringMap(pod.labels), ...labels },
      ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}),
    },
    spec: finalPodSpec,
  };
  const deployment = isObject(spec.deployment) ? spec.deployment : {};
  const controllerMeta = {
    name: workload,
    namespace,
    labels: { ...asStringMap(deployment.labels), ...labels },
    annotations: { "k8s.score.dev/workload-name": workload, ...asStringMap(deployment.annotations) },
  };

  const objects: Json[] = [...configMaps, ...secrets];
  if (Object.keys(envSecretData).length > 0) {
    objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: envSecretName, namespace, labels }, type: "Opaque", data: envSecretData });
  }
  const service = isObject(spec.service) ? spec.service : {};
  const ports = isObject(service.ports) ? service.ports : {};
  const servicePorts = Object.keys(ports)
    .sort()
    .map((name) => {
      const port = ports[name] as Json;
      return {
        name,
        port: port.service_port ?? port.port,
        targetPort: port.container_port ?? port.targetPort ?? port.service_port ?? port.port,
        protocol: port.protocol ?? "TCP",
      };
    });
  if (servicePorts.length > 0) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: annotations["k8s.score.dev/service-name"] ?? workload,
        namespace,
        labels: { ...asStringMap(service.labels), ...labels },
        annotations: { "k8s.score.dev/workload-name": workload, ...asStringMap(service.annotations) },
      },
      spec: { selector, ports: servicePorts },
    });
  }
  if (kind === "StatefulSet") {
    const headless = `${workload}-headless-svc`;
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: headless, namespace, labels, annotations: { "k8s.score.dev/workload-name": workload } },
      spec: { selector, clusterIP: "None", ports: servicePorts.length ? servicePorts : [{ name: "default", port: 99, targetPort: 99, protocol: "TCP" }] },
    });
    objects.push({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: controllerMeta,
      spec: { ...(deployment.replicas !== undefined ? { replicas: deployment.replicas } : {}), serviceName: headless, selector: { matchLabels: selector }, template },
    });
  } else {
    objects.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: controllerMeta,
      spec: { ...(deployment.replicas !== undefined ? { replicas: deployment.replicas } : {}), selector: { matchLabels: selector }, template },
    });
  }
  return { objects, errors };
}

/** Splits rendered containers into pod containers and init/sidecar containers along `before` (container-order.ts). */
function arrangeContainers(specs: Json, rendered: Map<string, Json>): { containers: Json[]; initContainers: Json[] } {
  const placement = placeContainers(specs);
  const containers = [...rendered.keys()].filter((id) => placement.roles.get(id) === "main").map((id) => rendered.get(id)!);
  const initContainers = placement.initOrder.map((id) => {
    const container = rendered.get(id)!;
    if (placement.roles.get(id) !== "sidecar") return container;
    const probe = container.readinessProbe ?? container.livenessProbe;
    const startup = placement.needsStartupProbe.has(id) && container.startupProbe === undefined && probe !== undefined ? { startupProbe: probe } : {};
    return { ...container, restartPolicy: "Always", ...startup };
  });
  return { containers, initContainers };
}
