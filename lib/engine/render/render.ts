import type { DeploymentSet, Module } from "@/lib/engine/delta/types";
import { applyJsonPatch } from "@/lib/engine/delta/json-patch";
import type { ProvisionedResource } from "@/lib/engine/drivers/provision";
import type { DriverManifest } from "@/lib/engine/drivers/types";
import type { PlanError } from "@/lib/engine/graph/errors";
import { nodeKey, type ResourceGraph } from "@/lib/engine/graph/types";
import { createResolver, type ResolverState } from "@/lib/engine/placeholders/resolver";
import { environmentLabels, shortHash, type RenderScope } from "./labels";
import { renderWorkload } from "./workload";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface RenderInput {
  scope: RenderScope;
  set: DeploymentSet;
  graph: ResourceGraph;
  provisioned: Map<string, ProvisionedResource>;
  resolverState: ResolverState;
}

export interface RenderResult {
  namespace: string;
  objects: Json[];
  /** The modules as rendered: after the workload resources' `outputs.update` patches. */
  modules: Record<string, Module>;
  errors: PlanError[];
}

const NAMESPACE_KEY = nodeKey("k8s-namespace", "default", "k8s-namespace");

function identity(object: Json): string {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return `${String(object.apiVersion)}/${String(object.kind)}/${String(metadata.namespace ?? "")}/${String(metadata.name ?? "")}`;
}

/** Later objects with the same apiVersion/kind/namespace/name replace earlier ones in place. */
export function dedupeObjects(objects: readonly Json[]): Json[] {
  const index = new Map<string, number>();
  const out: Json[] = [];
  for (const object of objects) {
    const id = identity(object);
    const at = index.get(id);
    if (at === undefined) {
      index.set(id, out.length);
      out.push(object);
    } else {
      out[at] = object;
    }
  }
  return out;
}

function withNamespace(data: Json, namespace: string): Json {
  const metadata = isObject(data.metadata) ? data.metadata : {};
  if (metadata.namespace) return data;
  return { ...data, metadata: { ...metadata, namespace } };
}

/** The namespace of an environment whose k8s-namespace resource names none: `<app>-<env>`. */
export function defaultNamespace(scope: { app_id: string; env_id: string }): string {
  return `${scope.app_id}-${scope.env_id}`.slice(0, 63).replace(/-+$/, "");
}

/**
 * Everything the environment gets: the Namespace, the manifests drivers returned (cluster and
 * namespace locations, in provisioning order) and each workload's objects.
 */
export function renderObjects(input: RenderInput): RenderResult {
  const { scope, set, graph, provisioned } = input;
  const errors: PlanError[] = [];
  const nsOutput = provisioned.get(NAMESPACE_KEY)?.outputs.values.namespace;
  let namespace: string;
  if (typeof nsOutput === "string" && nsOutput) {
    namespace = nsOutput;
  } else {
    namespace = defaultNamespace(scope);
    if (provisioned.get(NAMESPACE_KEY)?.status === "provisioned" || provisioned.get(NAMESPACE_KEY)?.status === "reused") {
      errors.push({ code: "render", scope: "resource", object_id: NAMESPACE_KEY, message: `the k8s-namespace resource has no "namespace" output; using "${namespace}"` });
    }
  }

  const objects: Json[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: environmentLabels(scope) } }];
  for (const key of graph.order) {
    for (const manifest of provisioned.get(key)?.manifests ?? []) {
      if (manifest.location === "cluster") objects.push(manifest.data);
      else if (manifest.location === "namespace") objects.push(withNamespace(manifest.data, namespace));
    }
  }

  const modules: Record<string, Module> = {};
  for (const workload of Object.keys(set.modules).sort()) {
    const workloadKey = nodeKey("workload", "default", `modules.${workload}`);
    const node = graph.nodes.get(workloadKey);
    const result = provisioned.get(workloadKey);
    let module = set.modules[workload];
    if (result?.workloadUpdate?.length) {
      try {
        module = applyJsonPatch(module, result.workloadUpdate);
      } catch (err) {
        errors.push({ code: "render", scope: "workload", object_id: workload, message: `outputs.update of definition "${node?.definition?.id}" does not apply: ${(err as Error).message}` });
      }
    }
    modules[workload] = module;

    const dependencies = node ? [...node.dependsOn, workloadKey] : [];
    const injected: DriverManifest[] = [];
    for (const key of dependencies) {
      for (const manifest of provisioned.get(key)?.manifests ?? []) {
        if (manifest.location === "containers" || manifest.location === "volumes") injected.push(manifest);
      }
    }
    const volumeFor = (id: string) => {
      let key: string | undefined;
      if (id.startsWith("externals.")) {
        const name = id.slice("externals.".length);
        const external = module.externals?.[name];
        if (external) key = nodeKey(external.type, external.class ?? "default", `modules.${workload}.externals.${name}`);
      } else if (id.startsWith("shared.")) {
        const sharedId = id.slice("shared.".length);
        const entry = set.shared[sharedId];
        if (entry) key = nodeKey(entry.type, entry.class ?? "default", `shared.${sharedId}`);
      }
      if (!key) return { error: `volume "${id}" is not a resource of this workload` };
      const resource = provisioned.get(key);
      if (!resource || (resource.status !== "provisioned" && resource.status !== "reused")) return { error: `volume resource ${key} was not provisioned`, dependency: true };
      const manifest = resource.manifests.find((m) => m.location === "volumes");
      if (manifest && typeof manifest.data.name === "string") return { volume: manifest.data };
      const source = resource.outputs.values.source;
      if (isObject(source) && Object.keys(source).length > 0) return { volume: { name: `vol-${shortHash(id, 8)}`, ...source } };
      return { error: `volume resource ${key} returned neither a "volumes" manifest nor a "source" output` };
    };
    const rendered = renderWorkload({
      scope,
      workload,
      module,
      namespace,
      resolve: createResolver(input.resolverState, { workload, ...(node ? { node } : {}) }),
      volumeFor,
      injected,
    });
    errors.push(...rendered.errors);
    objects.push(...rendered.objects);
  }
  return { namespace, objects: dedupeObjects(objects), modules, errors };
}
