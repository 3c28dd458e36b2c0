import type { DeploymentSet } from "@/lib/engine/delta/types";
import { splitSharedPath } from "@/lib/engine/graph/build";
import { selectNodes } from "@/lib/engine/graph/selectors";
import { nodeKey, type ResourceGraph, type ResourceNode } from "@/lib/engine/graph/types";
import type { Reference } from "./parse";
import { walkPath, type ReferenceResolver, type ResolveResult } from "./substitute";

/** A shared value (`${values.KEY}`): app value with the environment override applied. */
export interface SharedValue {
  value: unknown;
  secret?: boolean;
}

/** What a provisioned resource exposes to placeholders. */
export interface ResourceOutputs {
  values: Record<string, unknown>;
  secrets: Record<string, unknown>;
  guresid: string;
  account?: unknown;
}

export interface ResolverState {
  set: DeploymentSet;
  graph: Pick<ResourceGraph, "nodes">;
  outputs: Map<string, ResourceOutputs>;
  values: Record<string, SharedValue>;
  context: { org_id: string; app_id: string; env_id: string; env_type: string; deploy_id: string; set_id?: string };
  /** Non-fatal notes (e.g. a service of a workload that is not in this set). */
  warn?: (message: string) => void;
}

export interface ResolverScope {
  /** The resource whose inputs are resolved (class/id propagation, `context.res.*`). */
  node?: ResourceNode;
  /** The workload whose spec is resolved (`externals.*`). */
  workload?: string;
}

function outputLookup(outputs: ResourceOutputs, path: readonly string[], what: string): ResolveResult {
  if (path.length === 0) return { value: outputs.values, secret: false };
  const [key, ...rest] = path;
  let source: "values" | "secrets";
  if (key in outputs.values) source = "values";
  else if (key in outputs.secrets) source = "secrets";
  else return { error: `${what} has no output "${key}"` };
  const found = walkPath(outputs[source][key], rest);
  if (!found.found) return { error: `${what} output "${path.join(".")}" has no key "${found.missing}"` };
  return { value: found.value, secret: source === "secrets" };
}

/**
 * Resolves Humanitec placeholders against the state of a deployment being planned: context,
 * shared values, outputs of resources already provisioned, and other workloads' services.
 */
export function createResolver(state: ResolverState, scope: ResolverScope): ReferenceResolver {
  // the helpers are module functions: a resolver is made for every node, closures per call cost
  return (ref) => resolveReference(state, scope, ref);
}

function resolveReference(state: ResolverState, scope: ResolverScope, ref: Reference): ResolveResult {
  switch (ref.root) {
    case "context":
      return resolveContext(state, scope, ref.path);
    case "values": {
      const entry = state.values[ref.key];
      if (!entry) return { error: `shared value "${ref.key}" is not defined for app "${state.context.app_id}" / env "${state.context.env_id}"` };
      return { value: entry.value, secret: entry.secret === true };
    }
    case "externals": {
      const workload = scope.workload ?? scope.node?.workload;
      if (!workload) return { error: "externals are only available inside a workload" };
      const external = state.set.modules[workload]?.externals?.[ref.name];
      if (!external) return { error: `workload "${workload}" has no resource "${ref.name}"` };
      const key = nodeKey(external.type, external.class ?? "default", `modules.${workload}.externals.${ref.name}`);
      const outputs = outputsOf(state, key, key);
      if ("error" in outputs) return outputs;
      return outputLookup(outputs, ref.path, `resource "${ref.name}" (${key})`);
    }
    case "shared": {
      const found = splitSharedPath(state.set, ref.rest);
      if (!found) return { error: `no shared resource "${ref.rest.join(".")}" in the deployment set` };
      const entry = state.set.shared[found.id];
      const key = nodeKey(entry.type, entry.class ?? "default", `shared.${found.id}`);
      const outputs = outputsOf(state, key, key);
      if ("error" in outputs) return outputs;
      return outputLookup(outputs, found.path, `shared resource "${found.id}" (${key})`);
    }
    case "modules": {
      const [section, key, ...rest] = ref.path;
      if (section !== "service" || key !== "name" || rest.length > 0) {
        return { error: `only modules.<workload>.service.name is supported` };
      }
      if (!(ref.workload in state.set.modules)) {
        state.warn?.(`workload "${ref.workload}" is not in this deployment; its service name is assumed to be "${ref.workload}"`);
      }
      return { value: ref.workload, secret: false };
    }
    case "resources":
      return resolveResources(state, scope, ref);
  }
}

function outputsOf(state: ResolverState, key: string, label: string): ResourceOutputs | { error: string; dependency?: boolean } {
  const found = state.outputs.get(key);
  if (found) return found;
  if (!state.graph.nodes.has(key)) return { error: `${label} is not in the resource graph` };
  return { error: `${label} has not been provisioned (it failed or has no matching definition)`, dependency: true };
}

function resolveContext(state: ResolverState, scope: ResolverScope, path: string[]): ResolveResult {
  const joined = path.join(".");
  const node = scope.node;
  const ctx = state.context;
  const table: Record<string, unknown> = {
    "app.id": ctx.app_id,
    "env.id": ctx.env_id,
    "env.type": ctx.env_type,
    "org.id": ctx.org_id,
    "deploy.id": ctx.deploy_id,
    ...(ctx.set_id !== undefined ? { "deploy.set.id": ctx.set_id } : {}),
    ...(node ? { "res.id": node.res_id, "res.type": node.type, "res.class": node.class, "res.guresid": node.guresid } : {}),
  };
  if (joined in table) return { value: table[joined], secret: false };
  if (!node && joined.startsWith("res.")) return { error: `context.${joined} is only available in resource definitions` };
  return { error: `unknown context key "context.${joined}"` };
}

function resolveResources(state: ResolverState, scope: ResolverScope, ref: Extract<Reference, { root: "resources" }>): ResolveResult {
  const selector = ref.selector;
  if (selector.kind !== "resource") {
    if (!scope.node) return { error: "resource selectors are only available in resource definitions" };
    const selected = selectNodes(state.graph, scope.node, selector);
    const list: unknown[] = [];
    let secret = false;
    for (const node of selected) {
      const outputs = outputsOf(state, node.key, node.key);
      if ("error" in outputs) return outputs;
      const item = ref.attribute === "guresid" ? { value: node.guresid, secret: false } : outputLookup(outputs, ref.path, node.key);
      if ("error" in item) return item;
      secret ||= item.secret;
      list.push(item.value);
    }
    return { value: list, secret };
  }
  const from = scope.node;
  const type = selector.type;
  const cls = selector.class ?? from?.class ?? "default";
  const id = selector.id ?? from?.res_id;
  if (id === undefined) return { error: `a resource reference outside a resource definition needs an id (#…)` };
  const key = nodeKey(type, cls, id);
  if (ref.attribute === "guresid") {
    const node = state.graph.nodes.get(key);
    if (!node) return { error: `${key} is not in the resource graph` };
    return { value: node.guresid, secret: false };
  }
  const outputs = outputsOf(state, key, key);
  if ("error" in outputs) return outputs;
  if (ref.attribute === "account") return { value: outputs.account ?? null, secret: false };
  if (ref.attribute === "values") {
    const found = walkPath(outputs.values, ref.path);
    return found.found ? { value: found.value, secret: false } : { error: `${key} has no output "${ref.path.join(".")}"` };
  }
  return outputLookup(outputs, ref.path, key);
}
