import type { DeploymentSet, Module, SharedResource } from "@/lib/engine/delta/types";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { buildGraph, parseProvisionKey, type Matcher } from "./build";
import type { PlanError } from "./errors";
import { nodeKey, type GraphContext, type JsonObject, type ResourceNode } from "./types";

/** A resource to provision, as Humanitec's dependency-graph request names it. */
export interface ProvisionRequest {
  /** `shared.<id>`, `modules.<workload>.externals.<name>`, or a bare shared id. */
  id: string;
  type: string;
  class?: string;
  params?: JsonObject;
}

export interface DependencyNode {
  type: string;
  class: string;
  res_id: string;
  guresid: string;
  definition: ResourceDefinition;
  criteria_id: string;
  /** The resource's inputs (`params`), placeholders unresolved. */
  params: JsonObject;
  /** guresids of the nodes provisioned before this one. */
  depends_on: string[];
}

const MODULE_RESOURCE = /^modules\.([^.]+)\.externals\.([^.]+)$/;

/**
 * The resource graph a set of provision requests would need: the requested resources and
 * everything their matched definitions reference, co-provision or select — matched, not
 * provisioned, so no template runs. Nodes come dependencies first.
 */
export function dependencyGraph(input: {
  requests: readonly ProvisionRequest[];
  context: GraphContext;
  definitions: readonly ResourceDefinition[];
  match: Matcher;
}): { nodes: DependencyNode[]; errors: PlanError[] } {
  const modules: Record<string, Module> = {};
  const shared: Record<string, SharedResource> = {};
  for (const r of input.requests) {
    const resource = { type: r.type, ...(r.class ? { class: r.class } : {}), ...(r.params ? { params: r.params } : {}) };
    const inModule = MODULE_RESOURCE.exec(r.id);
    if (inModule) {
      const [, workload, name] = inModule;
      modules[workload] ??= { profile: "humanitec/default-module", spec: {}, externals: {} } as Module;
      modules[workload].externals![name] = resource;
    } else {
      shared[r.id.replace(/^shared\./, "")] = resource;
    }
  }
  const set = { version: 0, modules, shared } as DeploymentSet;
  const { graph, errors } = buildGraph({ set, context: input.context, definitions: input.definitions, match: input.match, optionalImplicitTypes: ["workload", "base-env", "k8s-cluster", "k8s-namespace"] });

  // keep what the requests reach (references and co-provisioned resources, transitively): the
  // implicit and workload nodes every set has are not asked for
  const wanted = new Set<string>();
  const visit = (key: string) => {
    const node = graph.nodes.get(key);
    if (!node || wanted.has(key)) return;
    wanted.add(key);
    for (const dep of node.dependsOn) visit(dep);
    for (const provisionKey of Object.keys(node.definition?.provision ?? {})) {
      try {
        const p = parseProvisionKey(provisionKey);
        visit(nodeKey(p.type, p.class ?? "default", p.id ?? node.res_id));
      } catch {
        // reported by buildGraph against the definition
      }
    }
  };
  for (const node of graph.nodes.values()) if (node.origin === "external" || node.origin === "shared") visit(node.key);
  const order = graph.order.length > 0 ? graph.order : [...graph.nodes.keys()];
  const nodes: DependencyNode[] = [];
  for (const key of order) {
    const node = graph.nodes.get(key) as ResourceNode;
    if (!wanted.has(key) || !node.definition) continue;
    nodes.push({
      type: node.type,
      class: node.class,
      res_id: node.res_id,
      guresid: node.guresid,
      definition: node.definition,
      criteria_id: node.criterion?.id ?? "",
      params: node.params,
      depends_on: [...node.dependsOn].filter((d) => wanted.has(d)).map((d) => graph.nodes.get(d)!.guresid),
    });
  }
  return { nodes, errors: errors.filter((e) => e.scope !== "resource" || wanted.has(e.object_id) || !graph.nodes.has(e.object_id)) };
}
