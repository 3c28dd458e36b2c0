import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { emptyOutput, type Driver } from "./types";

/**
 * `baton/none`: a k8s-cluster that deploys nowhere (the in-memory `none` target). It is the
 * built-in fallback for `k8s-cluster`, so a plan works before any cluster is configured.
 */
export const noneClusterDriver: Driver = {
  type: "baton/none",
  provision() {
    return { ...emptyOutput(), values: { cluster_type: "none" }, target: { kind: "none" } };
  },
};

export function builtinClusterDefault(): ResourceDefinition {
  return {
    id: "baton-default-k8s-cluster",
    name: "No cluster (plan only)",
    type: "k8s-cluster",
    driver_type: "baton/none",
    criteria: [{}],
    is_default: true,
  };
}
