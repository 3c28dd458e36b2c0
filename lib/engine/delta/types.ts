/**
 * Deployment sets and deltas in Humanitec's shape (humanitec-model.md §1 and §5). Sets are
 * immutable values identified by a hash of their canonical content; deltas are the only way
 * to derive a new set from an older one.
 */

export type JsonObject = Record<string, unknown>;

/** A private resource dependency of one workload (`modules.W.externals.N`). */
export interface ExternalResource {
  type: string;
  class?: string;
  params?: JsonObject;
}

/** A shared resource of the set (`shared.ID`). */
export interface SharedResource {
  type: string;
  class?: string;
  params?: JsonObject;
  id?: string;
}

export interface ModuleDeploy {
  when?: "before" | "deploy" | "after";
  success?: "deploy" | "available" | "complete";
  timeout?: number;
}

/** A workload as stored in a set: `modules.W`. `spec` depends on the profile. */
export interface Module {
  profile: string;
  spec: JsonObject;
  externals?: Record<string, ExternalResource>;
  deploy?: ModuleDeploy;
}

export interface DeploymentSet {
  version: 0;
  modules: Record<string, Module>;
  shared: Record<string, SharedResource>;
}

/** RFC 6902 subset Humanitec accepts: add, remove, replace. */
export interface JsonPatchOp {
  op: "add" | "remove" | "replace";
  path: string;
  value?: unknown;
}

export interface DeltaModules {
  add?: Record<string, Module>;
  remove?: string[];
  update?: Record<string, JsonPatchOp[]>;
}

export interface DeploymentDelta {
  id?: string;
  metadata?: { env_id?: string; name?: string; archived?: boolean };
  modules?: DeltaModules;
  shared?: JsonPatchOp[];
}

export const DEFAULT_MODULE_PROFILE = "humanitec/default-module";

export function emptySet(): DeploymentSet {
  return { version: 0, modules: {}, shared: {} };
}
