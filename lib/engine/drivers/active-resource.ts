import type { JsonPatchOp } from "@/lib/engine/delta/types";
import type { TargetDescription } from "@/lib/engine/targets/types";
import type { DriverManifest } from "./types";

/**
 * A provisioned resource as the next deployment sees it (Humanitec's active resource plus
 * what Baton needs to reuse it without calling the driver again).
 */
export interface ActiveResource {
  type: string;
  class: string;
  res_id: string;
  guresid: string;
  def_id: string;
  /** Version of the definition content it was provisioned with. */
  def_version_id: string;
  driver_type: string;
  /** Hash of the resolved driver inputs, params and account. */
  inputs_hash: string;
  outputs: { values: Record<string, unknown>; secrets: Record<string, unknown> };
  cookie?: unknown;
  manifests: DriverManifest[];
  workload_update?: JsonPatchOp[];
  target?: TargetDescription;
  account?: unknown;
}
