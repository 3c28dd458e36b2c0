/**
 * The Humanitec resource-definition model, as Baton's engine sees it. These are plain data
 * types shared by matching, the graph, the drivers, humctl import/export and the database
 * layer (which stores them). Semantics: shared/reference/humanitec-model.md §1–§2.
 */

/** One matching criterion. Empty/undefined fields are "not set"; class defaults to "default". */
export interface MatchingCriterion {
  id?: string;
  class?: string;
  env_type?: string;
  app_id?: string;
  env_id?: string;
  res_id?: string;
}

/** A co-provisioning entry of a definition's `provision` map. */
export interface ProvisionEntry {
  is_dependent?: boolean;
  match_dependents?: boolean;
  params?: Record<string, unknown>;
}

export interface DriverInputs {
  values?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  secret_refs?: Record<string, unknown>;
}

export interface ResourceDefinition {
  id: string;
  name: string;
  type: string;
  driver_type: string;
  driver_account?: string;
  driver_inputs?: DriverInputs;
  /** Keys are `type[.class][#res_id]`. */
  provision?: Record<string, ProvisionEntry>;
  criteria?: MatchingCriterion[];
  /** Built-in fallback definitions (Humanitec's `is_default`). */
  is_default?: boolean;
  /** Marked deleted (force-deleted while in use): never matched again. */
  is_deleted?: boolean;
  /** Opaque version id of the definition content, recorded on active resources. */
  version_id?: string;
}

/** What a resource to be matched is, and where it is needed. */
export interface MatchRequest {
  type: string;
  class?: string;
  res_id: string;
  app_id: string;
  env_id: string;
  env_type: string;
}
