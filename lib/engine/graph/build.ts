import type { MatchRequest, ResourceDefinition, MatchingCriterion } from "@/lib/engine/model/definition";
import type { DeploymentSet } from "@/lib/engine/delta/types";
import { collectReferences } from "@/lib/engine/placeholders/substitute";
import { parseSelector, type Reference } from "@/lib/engine/placeholders/parse";
import type { PlanError } from "./errors";
import { guresid } from "./guresid";
import { findCycle, topologicalOrder } from "./order";
import { selectNodes } from "./selectors";
import { nodeKey, type GraphContext, type JsonObject, type NodeOrigin, type ResourceGraph, type ResourceNode } from "./types";

export type Matcher = (
  defs: readonly ResourceDefinition[],
  request: MatchRequest,
) => { definition: ResourceDefinition; criterion: MatchingCriterion } | null;

export interface BuildGraphInput {
  set: DeploymentSet;
  context: GraphContext;
  definitions: readonly ResourceDefinition[];
  match: Matcher;
  /**
   * Implicit types that may stay unmatched (their nodes are then not provisioned). Humanitec
   * deploys workloads without a `workload` definition; `k8s-cluster`/`k8s-namespace` are required.
   */
  optionalImplicitTypes?: readonly string[];
}

export interface BuildGraphResult {
  graph: ResourceGraph;
  errors: PlanError[];
}

export const IMPLICIT_RESOURCES = [
  { type: "k8s-cluster", res_id: "k8s-cluster" },
  { type: "k8s-namespace", res_id: "k8s-namespace" },
  { type: "base-env", res_id: "base-env" },
] as const;

const DEFAULT_OPTIONAL = ["workload", "base-env"];

/** `type[.class][#id]` — keys of a definition's `provision` map. */
export function parseProvisionKey(key: string): { type: string; class?: string; id?: string } {
  const selector = parseSelector(key, key);
  if (selector.kind !== "resource") throw new Error(`"${key}" is not a resource key`);
  return selector;
}

/** Finds the shared-map entry a `${shared.…}` path names; ids may contain dots, so try longest first. */
export function splitSharedPath(set: DeploymentSet, rest: readonly string[]): { id: string; path: string[] } | null {
  for (let n = rest.length; n >= 1; n--) {
    const id = rest.slice(0, n).join(".");
    if (id in set.shared) return { id, path: rest.slice(n) };
  }
  return null;
}

/**
 * Builds the resource graph of a set (humanitec-model.md §3): seeds (workloads, their private
 * and shared resources, the implicit resources), then — until closed — matches each node and
 * adds what its definition references or co-provisions. Selectors and `match_dependents` add
 * edges once the node set is complete. A cycle is reported with its path.
 */
export function buildGraph(input: BuildGraphInput): BuildGraphResult {
  const { set, context } = input;
  const optional = new Set(input.optionalImplicitTypes ?? DEFAULT_OPTIONAL);
  const nodes = new Map<string, ResourceNode>();
  const errors: PlanError[] = [];
  const queue: ResourceNode[] = [];
  const coProvisioned: { parent: string; child: string }[] = [];
  // a definition matches many nodes; its inputs (templates included) are scanned once
  const referencesByDefinition = new Map<ResourceDefinition, ReturnType<typeof collectReferences>>();
  const referencesOf = (def: ResourceDefinition) => {
    let found = referencesByDefinition.get(def);
    if (!found) {
      found = [
        ...collectReferences(def.driver_inputs ?? {}, "driver_inputs"),
        ...(def.driver_account ? collectReferences(def.driver_account, "driver_account") : []),
      ];
      referencesByDefinition.set(def, found);
    }
    return found;
  };

  const ensureNode = (type: string, cls: string, resId: string, origin: NodeOrigin, extra: Partial<ResourceNode> = {}): ResourceNode => {
    const key = nodeKey(type, cls, resId);
    const existing = nodes.get(key);
    if (existing) {
      // a later declaration may bring params (e.g. co-provisioning params) for a node first seen by reference
      if (extra.params && Object.keys(existing.params).length === 0) existing.params = extra.params;
      return existing;
    }
    const node: ResourceNode = {
      key,
      type,
      class: cls,
      res_id: resId,
      guresid: guresid(context.org_id, context.app_id, context.env_id, type, cls, resId),
      origin,
      params: {},
      dependsOn: new Set(),
      selectors: [],
      ...extra,
    };
    nodes.set(key, node);
    queue.push(node);
    return node;
  };

  const resolveTarget = (from: ResourceNode, ref: Reference): ResourceNode | null => {
    switch (ref.root) {
      case "resources":
        if (ref.selector.kind !== "resource") return null;
        return ensureNode(ref.selector.type, ref.selector.class ?? from.class, ref.selector.id ?? from.res_id, "reference");
      case "externals": {
        const owner = from.workload;
        const external = owner ? set.modules[owner]?.externals?.[ref.name] : undefined;
        if (!owner || !external) return null;
        return ensureNode(external.type, external.class ?? "default", `modules.${owner}.externals.${ref.name}`, "external", { workload: owner });
      }
      case "shared": {
        const found = splitSharedPath(set, ref.rest);
        if (!found) return null;
        const entry = set.shared[found.id];
        return ensureNode(entry.type, entry.class ?? "default", `shared.${found.id}`, "shared");
      }
      default:
        return null;
    }
  };

  // Seeds, in a stable order.
  for (const workload of Object.keys(set.modules).sort()) {
    const module = set.modules[workload];
    const node = ensureNode("workload", "default", `modules.${workload}`, "workload", { workload, params: module as unknown as JsonObject });
    for (const name of Object.keys(module.externals ?? {}).sort()) {
      const external = module.externals![name];
      const child = ensureNode(external.type, external.class ?? "default", `modules.${workload}.externals.${name}`, "external", {
        workload,
        params: external.params ?? {},
      });
      node.dependsOn.add(child.key);
    }
    for (const found of collectReferences(module.spec, "spec")) {
      const target = resolveTarget(node, found.ref);
      if (target && target.key !== node.key) node.dependsOn.add(target.key);
    }
  }
  for (const id of Object.keys(set.shared).sort()) {
    const entry = set.shared[id];
    ensureNode(entry.type, entry.class ?? "default", `shared.${id}`, "shared", { params: entry.params ?? {} });
  }
  for (const implicit of IMPLICIT_RESOURCES) ensureNode(implicit.type, "default", implicit.res_id, "implicit");

  // Close the graph: match each node, then follow its definition's references and co-provisioning.
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (node.origin !== "workload") {
      for (const found of collectReferences(node.params, "params")) {
        const target = resolveTarget(node, found.ref);
        if (target && target.key !== node.key) node.dependsOn.add(target.key);
      }
    }
    const match = input.match(input.definitions, {
      type: node.type,
      class: node.class,
      res_id: node.res_id,
      app_id: context.app_id,
      env_id: context.env_id,
      env_type: context.env_type,
    });
    if (!match) {
      if (optional.has(node.type)) {
        node.unmatched = true;
      } else {
        errors.push({
          code: "no-match",
          scope: "resource",
          object_id: node.key,
          message: `no resource definition matches type "${node.type}", class "${node.class}", res_id "${node.res_id}" (app "${context.app_id}", env "${context.env_id}", env type "${context.env_type}")`,
        });
      }
      continue;
    }
    node.definition = match.definition;
    node.criterion = match.criterion;
    const def = match.definition;
    const scanned = referencesOf(def);
    for (const found of scanned) {
      if (found.ref.root !== "resources") continue;
      if (found.ref.selector.kind !== "resource") {
        node.selectors.push(found.ref.selector);
        continue;
      }
      const target = resolveTarget(node, found.ref);
      if (target && target.key !== node.key) node.dependsOn.add(target.key);
      else if (target && target.key === node.key) {
        errors.push({ code: "cycle", scope: "resource", object_id: node.key, message: `definition "${def.id}" refers to its own resource (${found.location}: \${${found.expr}})` });
      }
    }
    for (const [provisionKey, entry] of Object.entries(def.provision ?? {})) {
      let parsed: { type: string; class?: string; id?: string };
      try {
        parsed = parseProvisionKey(provisionKey);
      } catch (err) {
        errors.push({ code: "delta", scope: "definition", object_id: def.id, message: `provision key "${provisionKey}": ${(err as Error).message}` });
        continue;
      }
      const child = ensureNode(parsed.type, parsed.class ?? "default", parsed.id ?? node.res_id, "co-provision", {
        params: (entry?.params as JsonObject | undefined) ?? {},
      });
      if (child.key === node.key) continue;
      if (entry?.is_dependent) child.dependsOn.add(node.key);
      if (entry?.match_dependents) coProvisioned.push({ parent: node.key, child: child.key });
    }
  }

  // Edges that depend on the complete node set: match_dependents and selectors, to a fixpoint.
  let changed = true;
  for (let round = 0; changed && round < 50; round++) {
    changed = false;
    for (const { parent, child } of coProvisioned) {
      for (const node of nodes.values()) {
        if (node.key !== child && node.dependsOn.has(parent) && !node.dependsOn.has(child)) {
          node.dependsOn.add(child);
          changed = true;
        }
      }
    }
    for (const node of nodes.values()) {
      for (const selector of node.selectors) {
        if (selector.kind === "resource") continue;
        for (const target of selectNodes({ nodes }, node, selector)) {
          if (target.key !== node.key && !node.dependsOn.has(target.key)) {
            node.dependsOn.add(target.key);
            changed = true;
          }
        }
      }
    }
  }

  const order = topologicalOrder(nodes);
  if (!order) {
    const cycle = findCycle(nodes) ?? [];
    errors.push({
      code: "cycle",
      scope: "resource",
      object_id: cycle[0] ?? "",
      message: `the resource graph has a cycle: ${cycle.join(" → ")}`,
    });
  }
  return { graph: { nodes, order: order ?? [] }, errors };
}
