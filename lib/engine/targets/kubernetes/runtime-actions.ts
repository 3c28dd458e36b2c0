/**
 * Runtime actions on an environment's workloads: scale, pause/resume (Humanitec's semantics:
 * every Deployment and StatefulSet to zero, the previous count kept on the object and restored on
 * resume), rollout restart (what `kubectl rollout restart` writes), and container logs.
 * Changes are merge patches under their own field manager, so Baton's deployments (server-side
 * apply, manager `baton`) still see who changed what.
 */
import { applySetId, applySetParentName, LABEL_PART_OF } from "./applyset";
import { KubernetesTargetError, send } from "./errors";
import type { KubeHttp } from "./http";
import { isRecord } from "./objects";
import { PAUSED_REPLICAS_ANNOTATION, type RuntimeScope } from "./runtime";

export const RUNTIME_FIELD_MANAGER = "baton-runtime";
const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";
const SCALABLE = [
  { kind: "Deployment", resource: "deployments" },
  { kind: "StatefulSet", resource: "statefulsets" },
] as const;
/** Largest log answer read (the API server cuts there): a page shows a tail, not an archive. */
export const MAX_LOG_BYTES = 512 * 1024;
export const MAX_TAIL_LINES = 5000;

type Json = Record<string, unknown>;

export interface WorkloadController {
  kind: "Deployment" | "StatefulSet";
  name: string;
  workload: string;
  replicas: number;
  pausedReplicas?: number;
}

async function controllersOf(http: KubeHttp, scope: RuntimeScope): Promise<WorkloadController[]> {
  const setId = applySetId({ name: applySetParentName(scope.app_id, scope.env_id), namespace: scope.namespace });
  const out: WorkloadController[] = [];
  for (const { kind, resource } of SCALABLE) {
    const response = await send(http, { method: "GET", path: `/apis/apps/v1/namespaces/${encodeURIComponent(scope.namespace)}/${resource}`, query: { labelSelector: `${LABEL_PART_OF}=${setId}` } }, { objectId: `Namespace/${scope.namespace}`, action: "list workloads", resource: `${resource}.apps`, verb: "list", namespace: scope.namespace }, (s) => s < 400 || s === 404);
    const items = response.status === 404 || !isRecord(response.body) || !Array.isArray(response.body.items) ? [] : (response.body.items as Json[]);
    for (const item of items) {
      const metadata = isRecord(item.metadata) ? item.metadata : {};
      const labels = isRecord(metadata.labels) ? metadata.labels : {};
      const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
      const spec = isRecord(item.spec) ? item.spec : {};
      const paused = annotations[PAUSED_REPLICAS_ANNOTATION];
      out.push({
        kind,
        name: String(metadata.name),
        workload: typeof labels["app.kubernetes.io/name"] === "string" ? labels["app.kubernetes.io/name"] : String(metadata.name),
        replicas: typeof spec.replicas === "number" ? spec.replicas : 1,
        ...(typeof paused === "string" && /^\d+$/.test(paused) ? { pausedReplicas: Number(paused) } : {}),
      });
    }
  }
  return out;
}

async function patch(http: KubeHttp, scope: RuntimeScope, controller: WorkloadController, body: Json, action: string): Promise<void> {
  const resource = controller.kind === "Deployment" ? "deployments" : "statefulsets";
  await send(
    http,
    { method: "PATCH", path: `/apis/apps/v1/namespaces/${encodeURIComponent(scope.namespace)}/${resource}/${encodeURIComponent(controller.name)}`, query: { fieldManager: RUNTIME_FIELD_MANAGER }, body, contentType: "application/merge-patch+json" },
    { objectId: `${controller.kind}/${scope.namespace}/${controller.name}`, action, resource: `${resource}.apps`, verb: "patch", namespace: scope.namespace },
  );
}

function requireWorkloads(controllers: WorkloadController[], workloads: string[], scope: RuntimeScope): void {
  const known = new Set(controllers.map((c) => c.workload));
  const missing = workloads.filter((w) => !known.has(w));
  if (missing.length) {
    throw new KubernetesTargetError({ code: "k8s-not-found", object_id: `Namespace/${scope.namespace}`, message: `no Deployment or StatefulSet of workload${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in namespace "${scope.namespace}" (known: ${[...known].sort().join(", ") || "none"})` });
  }
}

/** Sets each named workload's replicas. A paused environment keeps zero and records the new count for resume. */
export async function scaleWorkloads(http: KubeHttp, scope: RuntimeScope, replicas: Record<string, number>): Promise<{ scaled: { workload: string; from: number; to: number }[] }> {
  const controllers = await controllersOf(http, scope);
  requireWorkloads(controllers, Object.keys(replicas), scope);
  const scaled: { workload: string; from: number; to: number }[] = [];
  for (const controller of controllers) {
    const to = replicas[controller.workload];
    if (to === undefined) continue;
    if (controller.pausedReplicas !== undefined) await patch(http, scope, controller, { metadata: { annotations: { [PAUSED_REPLICAS_ANNOTATION]: String(to) } } }, "scale (paused)");
    else await patch(http, scope, controller, { spec: { replicas: to } }, "scale");
    scaled.push({ workload: controller.workload, from: controller.pausedReplicas ?? controller.replicas, to });
  }
  return { scaled };
}

/** Pause: every controller to zero, its count kept in an annotation. Resume: the count back, the annotation gone. */
export async function setEnvironmentPaused(http: KubeHttp, scope: RuntimeScope, paused: boolean): Promise<{ changed: { workload: string; replicas: number }[] }> {
  const controllers = await controllersOf(http, scope);
  const changed: { workload: string; replicas: number }[] = [];
  for (const controller of controllers) {
    if (paused && controller.pausedReplicas === undefined) {
      await patch(http, scope, controller, { metadata: { annotations: { [PAUSED_REPLICAS_ANNOTATION]: String(controller.replicas) } }, spec: { replicas: 0 } }, "pause");
      changed.push({ workload: controller.workload, replicas: 0 });
    } else if (!paused && controller.pausedReplicas !== undefined) {
      await patch(http, scope, controller, { metadata: { annotations: { [PAUSED_REPLICAS_ANNOTATION]: null } }, spec: { replicas: controller.pausedReplicas } }, "resume");
      changed.push({ workload: controller.workload, replicas: controller.pausedReplicas });
    }
  }
  return { changed };
}

/** `kubectl rollout restart`: a new pod-template annotation, so the controller replaces every pod. */
export async function restartWorkload(http: KubeHttp, scope: RuntimeScope, workload: string, now = new Date()): Promise<{ restarted: string[] }> {
  const controllers = await controllersOf(http, scope);
  requireWorkloads(controllers, [workload], scope);
  const restarted: string[] = [];
  for (const controller of controllers.filter((c) => c.workload === workload)) {
    await patch(http, scope, controller, { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now.toISOString() } } } } }, "restart");
    restarted.push(`${controller.kind}/${controller.name}`);
  }
  return { restarted };
}

export interface LogRequest {
  pod: string;
  container?: string;
  tailLines?: number;
  previous?: boolean;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** A container's log through the API server's pod log endpoint (which asks the node's kubelet). */
export async function readContainerLog(http: KubeHttp, scope: RuntimeScope, request: LogRequest): Promise<string> {
  await requirePodOfEnvironment(http, scope, request.pod);
  const response = await send(
    http,
    {
      method: "GET",
      path: `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/pods/${encodeURIComponent(request.pod)}/log`,
      query: {
        container: request.container,
        tailLines: String(Math.min(Math.max(1, request.tailLines ?? 200), MAX_TAIL_LINES)),
        limitBytes: String(MAX_LOG_BYTES),
        previous: request.previous ? "true" : undefined,
        sinceSeconds: request.sinceSeconds ? String(request.sinceSeconds) : undefined,
        timestamps: request.timestamps ? "true" : undefined,
      },
    },
    { objectId: `Pod/${scope.namespace}/${request.pod}`, action: "read logs", resource: "pods/log", verb: "get", namespace: scope.namespace },
  );
  return typeof response.body === "string" ? response.body : JSON.stringify(response.body);
}

/** Logs are only read for pods of the environment's own workloads, not any pod the credentials can see. */
async function requirePodOfEnvironment(http: KubeHttp, scope: RuntimeScope, pod: string): Promise<void> {
  const response = await send(http, { method: "GET", path: `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/pods/${encodeURIComponent(pod)}` }, { objectId: `Pod/${scope.namespace}/${pod}`, action: "read", resource: "pods", verb: "get", namespace: scope.namespace }, (s) => s < 400 || s === 404);
  const metadata = isRecord(response.body) && isRecord(response.body.metadata) ? response.body.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  if (response.status === 404 || labels["baton.dev/app"] !== scope.app_id || labels["baton.dev/env"] !== scope.env_id) {
    throw new KubernetesTargetError({ code: "k8s-not-found", object_id: `Pod/${scope.namespace}/${pod}`, message: `pod "${pod}" is not a pod of ${scope.app_id}/${scope.env_id} in namespace "${scope.namespace}"` });
  }
}
