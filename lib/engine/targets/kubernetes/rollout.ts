/**
 * Rollout wait for Deployments and StatefulSets, with the same conditions as
 * `kubectl rollout status`: poll the object until its controller reports every replica updated
 * and available, fail on ProgressDeadlineExceeded, give up after the workload's timeout.
 */
import type { TargetEvent } from "../types";
import { collectionPath, type ApiResource } from "./discovery";
import { KubernetesTargetError, send } from "./errors";
import type { KubeHttp } from "./http";
import { isRecord } from "./objects";

export interface RolloutState {
  done: boolean;
  /** Terminal failure (the controller gave up). */
  failed?: string;
  /** Human summary of where the rollout is. */
  message: string;
}

type Json = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === "number" ? value : 0);

export function deploymentRollout(object: Json): RolloutState {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  const status = isRecord(object.status) ? object.status : {};
  const generation = num(metadata.generation);
  if (num(status.observedGeneration) < generation) return { done: false, message: "waiting for the deployment controller to observe the new spec" };
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Json[]) : [];
  const progressing = conditions.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return { done: false, failed: `progress deadline exceeded: ${String(progressing.message ?? "")}`, message: "progress deadline exceeded" };
  }
  const wanted = typeof spec.replicas === "number" ? spec.replicas : 1;
  const updated = num(status.updatedReplicas);
  const replicas = num(status.replicas);
  const available = num(status.availableReplicas);
  if (updated < wanted) return { done: false, message: `${updated} of ${wanted} replicas updated` };
  if (replicas > updated) return { done: false, message: `${replicas - updated} old replicas pending termination` };
  if (available < updated) return { done: false, message: `${available} of ${updated} updated replicas available` };
  return { done: true, message: `${available} of ${wanted} replicas available` };
}

export function statefulSetRollout(object: Json): RolloutState {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  const status = isRecord(object.status) ? object.status : {};
  const strategy = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  if (strategy.type === "OnDelete") return { done: true, message: "update strategy OnDelete: nothing to wait for" };
  if (num(status.observedGeneration) < num(metadata.generation)) return { done: false, message: "waiting for the statefulset controller to observe the new spec" };
  const wanted = typeof spec.replicas === "number" ? spec.replicas : 1;
  const ready = num(status.readyReplicas);
  if (ready < wanted) return { done: false, message: `${ready} of ${wanted} pods ready` };
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  if (typeof rolling.partition === "number" && rolling.partition > 0) {
    const expected = wanted - rolling.partition;
    const updated = num(status.updatedReplicas);
    if (updated < expected) return { done: false, message: `${updated} of ${expected} pods updated (partition ${rolling.partition})` };
    return { done: true, message: `partitioned rollout: ${updated} pods updated` };
  }
  if (status.updateRevision !== status.currentRevision) return { done: false, message: `${num(status.updatedReplicas)} of ${wanted} pods at the new revision` };
  return { done: true, message: `${ready} of ${wanted} pods ready` };
}

export interface RolloutWait {
  resource: ApiResource;
  name: string;
  namespace?: string;
  objectId: string;
  timeoutSeconds: number;
  pollIntervalMs: number;
  onEvent: (event: TargetEvent) => void;
  /** Stops waiting early (e.g. another workload failed and the deployment is over). */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

export async function waitForRollout(http: KubeHttp, wait: RolloutWait): Promise<void> {
  const assess = wait.resource.kind === "StatefulSet" ? statefulSetRollout : deploymentRollout;
  const path = `${collectionPath(wait.resource, wait.namespace)}/${encodeURIComponent(wait.name)}`;
  const deadline = Date.now() + wait.timeoutSeconds * 1000;
  const event = (type: string, message: string) => wait.onEvent({ type, object_id: wait.objectId, message, at: new Date().toISOString() });
  let last = "";
  event("rollout-started", `waiting up to ${wait.timeoutSeconds} s for ${wait.objectId} to roll out`);
  for (;;) {
    const response = await send(http, { method: "GET", path }, { objectId: wait.objectId, action: "read rollout status", resource: wait.resource.group ? `${wait.resource.resource}.${wait.resource.group}` : wait.resource.resource, verb: "get", ...(wait.namespace ? { namespace: wait.namespace } : {}) });
    const state = assess(isRecord(response.body) ? response.body : {});
    if (state.failed) {
      event("rollout-failed", state.failed);
      throw new KubernetesTargetError({ code: "k8s-rollout-failed", object_id: wait.objectId, message: `${wait.objectId}: rollout failed: ${state.failed}. Check the pods' events (image pull, crash loop, failing readiness probe, insufficient resources).` });
    }
    if (state.done) {
      event("rollout-complete", `${wait.objectId} rolled out: ${state.message}`);
      return;
    }
    if (state.message !== last) {
      event("rollout-progress", state.message);
      last = state.message;
    }
    if (wait.signal?.aborted) return;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      event("rollout-timeout", `not rolled out after ${wait.timeoutSeconds} s: ${state.message}`);
      throw new KubernetesTargetError({ code: "k8s-rollout-timeout", object_id: wait.objectId, message: `${wait.objectId}: not rolled out within ${wait.timeoutSeconds} s (${state.message}). Check why its pods do not become ready (image, probes, resources), or raise the workload's deploy timeout.` });
    }
    // The last look is at the deadline itself: a rollout finishing just before it succeeds.
    await sleep(Math.min(wait.pollIntervalMs, remaining), wait.signal);
  }
}
