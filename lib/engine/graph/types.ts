import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import type { ResourceSelector } from "@/lib/engine/placeholders/parse";

export type JsonObject = Record<string, unknown>;

/** Why a node is in the graph. */
export type NodeOrigin = "workload" | "external" | "shared" | "implicit" | "reference" | "co-provision";

export interface ResourceNode {
  /** `type.class#res_id` — unique in a graph (two nodes may share a res_id). */
  key: string;
  type: string;
  class: string;
  res_id: string;
  guresid: string;
  origin: NodeOrigin;
  /** The module a workload node or a private resource belongs to. */
  workload?: string;
  /** Resource inputs (`params`), still with placeholders. */
  params: JsonObject;
  /** Matched definition; absent when nothing matched (see `unmatched`). */
  definition?: ResourceDefinition;
  criterion?: MatchingCriterion;
  /** True for an implicit node (workload, base-env) that matched nothing and is skipped. */
  unmatched?: boolean;
  /** Keys of the nodes this one depends on (provisioned before it). */
  dependsOn: Set<string>;
  /** List selectors (`A>B`, `A<B`) used in its definition, resolved once the graph is closed. */
  selectors: ResourceSelector[];
}

export interface ResourceGraph {
  nodes: Map<string, ResourceNode>;
  /** Node keys in provisioning order (dependencies first). Empty when the graph has a cycle. */
  order: string[];
}

export interface GraphContext {
  org_id: string;
  app_id: string;
  env_id: string;
  env_type: string;
}

export function nodeKey(type: string, cls: string, resId: string): string {
  return `${type}.${cls}#${resId}`;
}
