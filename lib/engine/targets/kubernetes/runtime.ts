/**
 * The runtime read model: what an environment's workloads are doing in the cluster right now.
 * Reads the ApplySet members Baton applied (Deployments, StatefulSets, Jobs), their ReplicaSets,
 * pods and the events about them, and summarises each workload the way Humanitec's runtime view
 * does (Running / Starting / Failed / Stopped / Succeeded).
 */
import { applySetId, applySetParentName, LABEL_PART_OF } from "./applyset";
import { send } from "./errors";
import type { KubeHttp } from "./http";
import { isRecord } from "./objects";

export type RuntimeStatus = "Running" | "Succeeded" | "Starting" | "Partially Succeeded" | "Failed" | "Stopped" | "Unknown";
export type RuntimeStatusClass = "Success" | "Failure" | "Warning" | "Stopped" | "Unknown";

export interface ContainerRuntime {
  name: string;
  image: string;
  ready: boolean;
  restart_count: number;
  /** `running`, `waiting` or `terminated` (what the kubelet reports now). */
  status: "running" | "waiting" | "terminated" | "unknown";
  state: {
    waiting?: { reason?: string; message?: string };
    running?: { started_at?: string };
    terminated?: { exit_code?: number; signal?: number; reason?: string; message?: string; started_at?: string; finished_at?: string; container_id?: string };
  };
  /** The previous container's end (a crash loop's exit code and reason). */
  last_termination?: { exit_code?: number; reason?: string; message?: string; finished_at?: string };
}

export interface RuntimeEvent {
  /** `Pod/web-abc12`, `Deployment/web`, … */
  object: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  last_seen?: string;
}

export interface PodRuntime {
  name: string;
  /** The ReplicaSet's `pod-template-hash` or the StatefulSet's `controller-revision-hash`. */
  revision?: string;
  phase: string;
  ready: boolean;
  /** One line: `Running`, `CrashLoopBackOff`, `ImagePullBackOff`, `Pending (unscheduled)`, … */
  status: string;
  node?: string;
  containers: ContainerRuntime[];
  init_containers: ContainerRuntime[];
  created_at?: string;
}

export interface ControllerRuntime {
  kind: "Deployment" | "StatefulSet" | "Job";
  name: string;
  /** Desired replicas (Jobs: parallelism). */
  replicas: number;
  ready_replicas: number;
  status: RuntimeStatus;
  message: string;
  revision?: string;
  replica_sets: { name: string; revision?: string; replicas: number; ready_replicas: number }[];
  pods: PodRuntime[];
  /** The replica count recorded when the environment was paused (annotation), if it is. */
  paused_replicas?: number;
}

export interface WorkloadRuntime {
  /** The workload id (label `app.kubernetes.io/name`, else the controller's name). */
  id: string;
  status: RuntimeStatus;
  status_class: RuntimeStatusClass;
  controllers: ControllerRuntime[];
  events: RuntimeEvent[];
}

export interface EnvironmentRuntime {
  namespace: string;
  workloads: WorkloadRuntime[];
  /** True when every controller is at zero replicas because the environment was paused. */
  paused: boolean;
  read_at: string;
}

export interface RuntimeScope {
  app_id: string;
  env_id: string;
  namespace: string;
}

/** Annotation holding a controller's replicas while its environment is paused. */
export const PAUSED_REPLICAS_ANNOTATION = "baton.dev/paused-replicas";
const WORKLOAD_LABEL = "app.kubernetes.io/name";
/** Waiting reasons that mean the pod will not start without someone changing something. */
const FAILING_WAITING_REASONS = new Set(["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "ErrImageNeverPull"]);
const EVENTS_PER_WORKLOAD = 20;

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (isRecord(v) ? v : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

/** The members of the environment's ApplySet, in one list call per kind (pods and events: the namespace). */
export async function readEnvironmentRuntime(http: KubeHttp, scope: RuntimeScope): Promise<EnvironmentRuntime> {
  const setId = applySetId({ name: applySetParentName(scope.app_id, scope.env_id), namespace: scope.namespace });
  const ns = encodeURIComponent(scope.namespace);
  const members = { labelSelector: `${LABEL_PART_OF}=${setId}` };
  const list = async (path: string, resource: string, query?: Record<string, string>) => {
    const response = await send(http, { method: "GET", path, ...(query ? { query } : {}) }, { objectId: `Namespace/${scope.namespace}`, action: "read runtime", resource, verb: "list", namespace: scope.namespace }, (s) => s < 400 || s === 404);
    return response.status === 404 ? [] : arr(rec(response.body).items);
  };
  const [deployments, statefulSets, jobs, replicaSets, pods, events] = await Promise.all([
    list(`/apis/apps/v1/namespaces/${ns}/deployments`, "deployments.apps", members),
    list(`/apis/apps/v1/namespaces/${ns}/statefulsets`, "statefulsets.apps", members),
    list(`/apis/batch/v1/namespaces/${ns}/jobs`, "jobs.batch", members),
    list(`/apis/apps/v1/namespaces/${ns}/replicasets`, "replicasets.apps"),
    list(`/api/v1/namespaces/${ns}/pods`, "pods"),
    list(`/api/v1/namespaces/${ns}/events`, "events"),
  ]);
  return assembleRuntime(scope.namespace, { deployments, statefulSets, jobs, replicaSets, pods, events }, new Date());
}

export interface RuntimeObjects {
  deployments: Json[];
  statefulSets: Json[];
  jobs: Json[];
  replicaSets: Json[];
  pods: Json[];
  events: Json[];
}

const uidOf = (object: Json) => str(rec(object.metadata).uid) ?? "";
const nameOf = (object: Json) => str(rec(object.metadata).name) ?? "";
const ownerUids = (object: Json) => arr(rec(object.metadata).ownerReferences).map((o) => str(o.uid) ?? "");

/** Pure: the objects a namespace holds → the runtime view (tested without a cluster too). */
export function assembleRuntime(namespace: string, objects: RuntimeObjects, now: Date): EnvironmentRuntime {
  const podsByOwner = new Map<string, Json[]>();
  for (const pod of objects.pods) for (const owner of ownerUids(pod)) podsByOwner.set(owner, [...(podsByOwner.get(owner) ?? []), pod]);
  const eventsByUid = new Map<string, Json[]>();
  for (const event of objects.events) {
    const uid = str(rec(event.involvedObject).uid);
    if (uid) eventsByUid.set(uid, [...(eventsByUid.get(uid) ?? []), event]);
  }

  const workloads = new Map<string, { controllers: ControllerRuntime[]; events: Json[] }>();
  const add = (object: Json, controller: ControllerRuntime, related: Json[]) => {
    const id = str(rec(rec(object.metadata).labels)[WORKLOAD_LABEL]) ?? nameOf(object);
    const entry = workloads.get(id) ?? { controllers: [], events: [] };
    entry.controllers.push(controller);
    for (const o of [object, ...related]) entry.events.push(...(eventsByUid.get(uidOf(o)) ?? []));
    workloads.set(id, entry);
  };

  for (const deployment of objects.deployments) {
    const sets = objects.replicaSets.filter((rs) => ownerUids(rs).includes(uidOf(deployment)));
    const pods = sets.flatMap((rs) => podsByOwner.get(uidOf(rs)) ?? []);
    add(deployment, deploymentRuntime(deployment, sets, pods), [...sets, ...pods]);
  }
  for (const statefulSet of objects.statefulSets) {
    const pods = podsByOwner.get(uidOf(statefulSet)) ?? [];
    add(statefulSet, statefulSetRuntime(statefulSet, pods), pods);
  }
  for (const job of objects.jobs) {
    const pods = podsByOwner.get(uidOf(job)) ?? [];
    add(job, jobRuntime(job, pods), pods);
  }

  const result: WorkloadRuntime[] = [...workloads.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, entry]) => {
      const status = combinedStatus(entry.controllers.map((c) => c.status));
      return { id, status, status_class: statusClassOf(status), controllers: entry.controllers, events: recentEvents(entry.events) };
    });
  const controllers = result.flatMap((w) => w.controllers);
  return {
    namespace,
    workloads: result,
    paused: controllers.length > 0 && controllers.filter((c) => c.kind !== "Job").every((c) => c.paused_replicas !== undefined),
    read_at: now.toISOString(),
  };
}

function pausedReplicas(object: Json): number | undefined {
  const value = str(rec(rec(object.metadata).annotations)[PAUSED_REPLICAS_ANNOTATION]);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function deploymentRuntime(deployment: Json, replicaSets: Json[], pods: Json[]): ControllerRuntime {
  const spec = rec(deployment.spec);
  const status = rec(deployment.status);
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const revisionOf = (object: Json) => str(rec(rec(object.metadata).annotations)["deployment.kubernetes.io/revision"]);
  const hashOf = (object: Json) => str(rec(rec(object.metadata).labels)["pod-template-hash"]);
  const current = replicaSets.find((rs) => revisionOf(rs) !== undefined && revisionOf(rs) === revisionOf(deployment));
  const podViews = pods.map(podRuntime);
  const progressing = arr(status.conditions).find((c) => c.type === "Progressing");
  const deadline = progressing?.reason === "ProgressDeadlineExceeded" ? str(progressing.message) : undefined;
  const { state, message } = replicatedStatus(replicas, num(status.readyReplicas), podViews, deadline);
  const paused = pausedReplicas(deployment);
  return {
    kind: "Deployment",
    name: nameOf(deployment),
    replicas,
    ready_replicas: num(status.readyReplicas),
    status: state,
    message,
    ...(current && hashOf(current) ? { revision: hashOf(current) } : {}),
    replica_sets: replicaSets
      .filter((rs) => num(rec(rs.spec).replicas) > 0 || num(rec(rs.status).replicas) > 0 || rs === current)
      .map((rs) => ({ name: nameOf(rs), ...(hashOf(rs) ? { revision: hashOf(rs) } : {}), replicas: num(rec(rs.spec).replicas), ready_replicas: num(rec(rs.status).readyReplicas) })),
    pods: podViews,
    ...(paused !== undefined ? { paused_replicas: paused } : {}),
  };
}

function statefulSetRuntime(statefulSet: Json, pods: Json[]): ControllerRuntime {
  const spec = rec(statefulSet.spec);
  const status = rec(statefulSet.status);
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const podViews = pods.map(podRuntime);
  const { state, message } = replicatedStatus(replicas, num(status.readyReplicas), podViews);
  const paused = pausedReplicas(statefulSet);
  return {
    kind: "StatefulSet",
    name: nameOf(statefulSet),
    replicas,
    ready_replicas: num(status.readyReplicas),
    status: state,
    message,
    ...(str(status.updateRevision) ? { revision: str(status.updateRevision) } : {}),
    replica_sets: [],
    pods: podViews,
    ...(paused !== undefined ? { paused_replicas: paused } : {}),
  };
}

function jobRuntime(job: Json, pods: Json[]): ControllerRuntime {
  const spec = rec(job.spec);
  const status = rec(job.status);
  const conditions = arr(status.conditions);
  const podViews = pods.map(podRuntime);
  const failed = conditions.find((c) => c.type === "Failed" && c.status === "True");
  const complete = conditions.find((c) => c.type === "Complete" && c.status === "True");
  const failing = podViews.find((p) => FAILING_WAITING_REASONS.has(p.status));
  const [state, message]: [RuntimeStatus, string] = complete
    ? ["Succeeded", `${num(status.succeeded)} completed`]
    : failed
      ? ["Failed", str(failed.message) ?? str(failed.reason) ?? "the job failed"]
      : failing
        ? ["Failed", `pod ${failing.name}: ${failing.status}`]
        : num(status.active) > 0
          ? ["Running", `${num(status.active)} active`]
          : ["Starting", "no pod running yet"];
  return { kind: "Job", name: nameOf(job), replicas: typeof spec.parallelism === "number" ? spec.parallelism : 1, ready_replicas: num(status.active), status: state, message, replica_sets: [], pods: podViews };
}

function replicatedStatus(replicas: number, ready: number, pods: PodRuntime[], deadline?: string): { state: RuntimeStatus; message: string } {
  const failing = pods.filter((p) => FAILING_WAITING_REASONS.has(p.status));
  if (failing.length) return { state: "Failed", message: `${failing.length} of ${pods.length} pods failing: ${[...new Set(failing.map((p) => p.status))].join(", ")}` };
  if (deadline) return { state: "Failed", message: `progress deadline exceeded: ${deadline}` };
  if (replicas === 0) return { state: pods.length ? "Starting" : "Stopped", message: pods.length ? `scaling down: ${pods.length} pods terminating` : "scaled to zero" };
  if (ready >= replicas && pods.filter((p) => p.ready).length >= replicas) return { state: "Running", message: `${ready} of ${replicas} ready` };
  return { state: "Starting", message: `${ready} of ${replicas} ready` };
}

function containerRuntime(spec: Json | undefined, status: Json | undefined): ContainerRuntime {
  const state = rec(status?.state);
  const last = rec(rec(status?.lastState).terminated);
  const waiting = isRecord(state.waiting) ? state.waiting : undefined;
  const running = isRecord(state.running) ? state.running : undefined;
  const terminated = isRecord(state.terminated) ? state.terminated : undefined;
  return {
    name: str(status?.name) ?? str(spec?.name) ?? "",
    image: str(status?.image) ?? str(spec?.image) ?? "",
    ready: status?.ready === true,
    restart_count: num(status?.restartCount),
    status: waiting ? "waiting" : running ? "running" : terminated ? "terminated" : "unknown",
    state: {
      ...(waiting ? { waiting: { ...(str(waiting.reason) ? { reason: str(waiting.reason) } : {}), ...(str(waiting.message) ? { message: str(waiting.message) } : {}) } } : {}),
      ...(running ? { running: str(running.startedAt) ? { started_at: str(running.startedAt) } : {} } : {}),
      ...(terminated ? { terminated: terminationOf(terminated) } : {}),
    },
    ...(Object.keys(last).length ? { last_termination: terminationOf(last) } : {}),
  };
}

function terminationOf(t: Json): NonNullable<ContainerRuntime["state"]["terminated"]> {
  const out: NonNullable<ContainerRuntime["state"]["terminated"]> = {};
  if (typeof t.exitCode === "number") out.exit_code = t.exitCode;
  if (typeof t.signal === "number") out.signal = t.signal;
  if (str(t.reason)) out.reason = str(t.reason);
  if (str(t.message)) out.message = str(t.message);
  if (str(t.startedAt)) out.started_at = str(t.startedAt);
  if (str(t.finishedAt)) out.finished_at = str(t.finishedAt);
  if (str(t.containerID)) out.container_id = str(t.containerID);
  return out;
}

export function podRuntime(pod: Json): PodRuntime {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const labels = rec(rec(pod.metadata).labels);
  const statuses = arr(status.containerStatuses);
  const containers = arr(spec.containers).map((c) => containerRuntime(c, statuses.find((s) => s.name === c.name)));
  const initStatuses = arr(status.initContainerStatuses);
  const initContainers = arr(spec.initContainers).map((c) => containerRuntime(c, initStatuses.find((s) => s.name === c.name)));
  const ready = arr(status.conditions).some((c) => c.type === "Ready" && c.status === "True");
  const phase = str(status.phase) ?? "Pending";
  const revision = str(labels["pod-template-hash"]) ?? str(labels["controller-revision-hash"]);
  const node = str(spec.nodeName);
  return {
    name: nameOf(pod),
    ...(revision ? { revision } : {}),
    phase,
    ready,
    status: podStatusLine(pod, phase, [...initContainers, ...containers]),
    ...(node ? { node } : {}),
    containers,
    init_containers: initContainers,
    ...(str(rec(pod.metadata).creationTimestamp) ? { created_at: str(rec(pod.metadata).creationTimestamp) } : {}),
  };
}

/** What `kubectl get pods` shows in STATUS: the first container's waiting/terminated reason, else the phase. */
function podStatusLine(pod: Json, phase: string, containers: ContainerRuntime[]): string {
  if (str(rec(pod.metadata).deletionTimestamp)) return "Terminating";
  for (const c of containers) {
    if (c.state.waiting?.reason && c.state.waiting.reason !== "ContainerCreating" && c.state.waiting.reason !== "PodInitializing") return c.state.waiting.reason;
    if (c.state.terminated?.reason && phase !== "Succeeded") return c.state.terminated.reason;
  }
  if (phase === "Pending" && !str(rec(pod.spec).nodeName)) return "Pending (unscheduled)";
  const waiting = containers.find((c) => c.state.waiting?.reason);
  return waiting?.state.waiting?.reason ?? phase;
}

function combinedStatus(statuses: RuntimeStatus[]): RuntimeStatus {
  if (!statuses.length) return "Unknown";
  if (statuses.includes("Failed")) return "Failed";
  if (statuses.includes("Starting")) return "Starting";
  if (statuses.every((s) => s === "Stopped")) return "Stopped";
  if (statuses.every((s) => s === "Succeeded")) return "Succeeded";
  if (statuses.every((s) => s === "Running" || s === "Succeeded" || s === "Stopped")) return statuses.includes("Running") ? "Running" : "Succeeded";
  return "Unknown";
}

export function statusClassOf(status: RuntimeStatus): RuntimeStatusClass {
  switch (status) {
    case "Running":
    case "Succeeded":
      return "Success";
    case "Failed":
      return "Failure";
    case "Starting":
    case "Partially Succeeded":
      return "Warning";
    case "Stopped":
      return "Stopped";
    default:
      return "Unknown";
  }
}

function recentEvents(events: Json[]): RuntimeEvent[] {
  const seen = new Set<string>();
  return events
    .filter((e) => {
      const uid = uidOf(e);
      if (seen.has(uid)) return false;
      seen.add(uid);
      return true;
    })
    .map((e) => {
      const involved = rec(e.involvedObject);
      const lastSeen = str(e.lastTimestamp) ?? str(e.eventTime) ?? str(rec(e.metadata).creationTimestamp);
      return {
        object: `${str(involved.kind) ?? "?"}/${str(involved.name) ?? "?"}`,
        type: str(e.type) ?? "Normal",
        reason: str(e.reason) ?? "",
        message: str(e.message) ?? "",
        count: num(e.count) || 1,
        ...(lastSeen ? { last_seen: lastSeen } : {}),
      };
    })
    .sort((a, b) => (b.last_seen ?? "").localeCompare(a.last_seen ?? ""))
    .slice(0, EVENTS_PER_WORKLOAD);
}
