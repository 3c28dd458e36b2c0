import type { JsonPatchOp } from "@/lib/engine/delta/types";
import type { TargetDescription } from "@/lib/engine/targets/types";

export type JsonObject = Record<string, unknown>;

/** Where a driver manifest goes (humanitec/template `manifests[*].location`). */
export type ManifestLocation = "namespace" | "cluster" | "containers" | "volumes";

export const MANIFEST_LOCATIONS: readonly ManifestLocation[] = ["namespace", "cluster", "containers", "volumes"];

export interface DriverManifest {
  /** The key in the driver's manifests map, e.g. `deployment.yaml`. */
  name: string;
  location: ManifestLocation;
  data: JsonObject;
}

export interface DriverContext {
  org_id: string;
  app_id: string;
  env_id: string;
  env_type: string;
  deploy_id: string;
  type: string;
  class: string;
  res_id: string;
  guresid: string;
}

/** What every driver receives (humanitec-model.md §4). Placeholders are already resolved. */
export interface DriverInput {
  context: DriverContext;
  driver: { values: JsonObject; secrets: JsonObject };
  /** Resource inputs: the params, or the module for a `workload` resource. */
  resource: JsonObject;
  /** The cookie the previous provisioning returned, or null. */
  cookie: unknown;
  /** The resolved `driver_account` (an account id), when the definition has one. */
  account?: unknown;
}

export interface DriverOutput {
  values: JsonObject;
  secrets: JsonObject;
  manifests: DriverManifest[];
  cookie?: unknown;
  /** Set by cluster drivers: where the environment's objects go. */
  target?: TargetDescription;
  /** For `workload` resources: JSON Patch applied to the module before rendering (`outputs.update`). */
  workloadUpdate?: JsonPatchOp[];
}

export interface Driver {
  /** `driver_type`, e.g. `humanitec/echo`. */
  readonly type: string;
  provision(input: DriverInput): DriverOutput | Promise<DriverOutput>;
}

/** A driver failure the user can act on; the message names the template or input at fault. */
export class DriverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DriverError";
  }
}

export function emptyOutput(): DriverOutput {
  return { values: {}, secrets: {}, manifests: [] };
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
