import type { DeploymentSet } from "@/lib/engine/delta/types";
import type { ApplyRequest } from "@/lib/engine/targets/types";

const WORKLOAD_ANNOTATION = "k8s.score.dev/workload-name";
const ROLLOUT_KINDS = new Set(["Deployment", "StatefulSet"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A set's per-module `deploy {success, timeout}` (Humanitec's deploy conditions) as the target's
 * rollout settings, keyed by the `Kind/namespace/name` of each module's Deployment or
 * StatefulSet. A controller belongs to the module its `k8s.score.dev/workload-name` annotation
 * names (the renderer sets it; a custom workload template may rename the object but keeps it).
 */
export function rolloutSettings(set: DeploymentSet, objects: readonly Json[]): NonNullable<ApplyRequest["rollout"]> {
  const rollout: NonNullable<ApplyRequest["rollout"]> = {};
  for (const object of objects) {
    if (!ROLLOUT_KINDS.has(String(object.kind)) || !String(object.apiVersion).startsWith("apps/")) continue;
    const metadata = isObject(object.metadata) ? object.metadata : {};
    const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
    const workload = typeof annotations[WORKLOAD_ANNOTATION] === "string" ? annotations[WORKLOAD_ANNOTATION] : String(metadata.name);
    const deploy = set.modules[workload]?.deploy;
    if (!deploy) continue;
    const settings: { timeout_seconds?: number; success?: "deploy" | "available" | "complete" } = {};
    if (typeof deploy.timeout === "number" && deploy.timeout > 0) settings.timeout_seconds = deploy.timeout;
    if (deploy.success) settings.success = deploy.success;
    if (Object.keys(settings).length === 0) continue;
    const id = metadata.namespace ? `${object.kind}/${String(metadata.namespace)}/${String(metadata.name)}` : `${object.kind}/${String(metadata.name)}`;
    rollout[id] = settings;
  }
  return rollout;
}
