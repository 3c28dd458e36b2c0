import { z } from "zod";
import type { ControllerRuntime, EnvironmentRuntime, PodRuntime, WorkloadRuntime } from "@/lib/engine/targets/kubernetes";
import { listEnvironments } from "@/lib/server/data/apps";
import { changeRuntime, readRuntimeLog, readRuntimeView, type RuntimeView } from "@/lib/server/deploy/environment-runtime";
import { appParams, envParams } from "../params";
import { defineRoute } from "../route";
import { requireVisibleApp } from "./apps";
import { requireVisibleEnv } from "./envs";

/** Humanitec's RuntimeInfoPod, plus what Baton also knows (readiness, node, image, last termination). */
function podJson(pod: PodRuntime) {
  return {
    podName: pod.name,
    ...(pod.revision ? { revision: pod.revision } : {}),
    phase: pod.phase,
    status: pod.status,
    ready: pod.ready,
    ...(pod.node ? { node: pod.node } : {}),
    containerStatuses: pod.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ready: c.ready,
      restart_count: c.restart_count,
      status: c.status,
      state: c.state,
      ...(c.last_termination ? { last_termination: c.last_termination } : {}),
    })),
  };
}

function controllerJson(c: ControllerRuntime) {
  return {
    kind: c.kind,
    replicas: c.replicas,
    ready_replicas: c.ready_replicas,
    status: c.status,
    message: c.message,
    ...(c.revision ? { revision: c.revision } : {}),
    ...(c.paused_replicas !== undefined ? { paused_replicas: c.paused_replicas } : {}),
    replica_sets: c.replica_sets,
    pods: c.pods.map(podJson),
  };
}

function moduleJson(w: WorkloadRuntime) {
  return { status: w.status, status_class: w.status_class, controllers: Object.fromEntries(w.controllers.map((c) => [c.name, controllerJson(c)])), events: w.events };
}

/** RuntimeInfoResponseV2 (`modules` keyed by workload, `namespace`), plus Baton's `state`/`message`/`paused`. */
export function runtimeJson(view: RuntimeView, fallbackNamespace: string) {
  if (view.state === "available") {
    const r: EnvironmentRuntime = view.runtime;
    return { namespace: r.namespace, modules: Object.fromEntries(r.workloads.map((w) => [w.id, moduleJson(w)])), state: "available" as const, paused: r.paused, read_at: r.read_at };
  }
  if (view.state === "unknown") return { namespace: fallbackNamespace, modules: {}, state: "unknown" as const, message: view.reason, ...(view.commit ? { commit: view.commit } : {}) };
  return { namespace: fallbackNamespace, modules: {}, state: "error" as const, message: view.error.message, error_code: view.error.code };
}

const envStatus = (view: RuntimeView): string => {
  if (view.state !== "available") return "Unknown";
  const classes = view.runtime.workloads.map((w) => w.status_class);
  if (view.runtime.paused) return "Stopped";
  for (const c of ["Failure", "Warning", "Unknown"] as const) if (classes.includes(c)) return c;
  return classes.length ? "Success" : "Unknown";
};

export const listAppRuntime = defineRoute({
  operationId: "listRuntime",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/runtime",
  tag: "Runtime",
  summary: "Runtime summary of an application's environments (EnvironmentRuntimeInfoResponse): status class, paused, and why runtime is unknown",
  params: appParams,
  query: z.object({ id: z.string().optional().describe("Environment id; repeat for several; all environments when absent") }),
  success: { status: 200, description: "One entry per environment", schema: z.array(z.object({ id: z.string(), paused: z.boolean(), status: z.string(), error: z.string().optional() })) },
  errors: [404],
  handle: async (ctx) => {
    const { appId } = ctx.params;
    await requireVisibleApp(ctx, appId);
    // Repeated ?id= parameters: the parsed query keeps only one.
    const ids = ctx.url.searchParams.getAll("id");
    const wanted = ids.length ? new Set(ids) : undefined;
    const envs = (await listEnvironments(ctx.db, ctx.actor.orgId, appId)).filter((e) => !wanted || wanted.has(e.id));
    return await Promise.all(
      envs.map(async (env) => {
        const view = await readRuntimeView(ctx.db, ctx.secrets, ctx.actor.orgId, appId, env.id);
        return {
          id: env.id,
          paused: view.state === "available" && view.runtime.paused,
          status: envStatus(view),
          ...(view.state === "unknown" ? { error: view.reason } : view.state === "error" ? { error: view.error.message } : {}),
        };
      }),
    );
  },
});

export const getEnvRuntime = defineRoute({
  operationId: "getRuntime",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/runtime",
  tag: "Runtime",
  summary: "An environment's workloads in the cluster: controllers, pods, container states, recent events (RuntimeInfoResponseV2 shape; `state: unknown` with a message when Baton cannot see the cluster)",
  params: envParams,
  query: z.object({ fresh: z.enum(["true", "false"]).optional().describe("Skip the few-second read cache") }),
  success: { status: 200, description: "Runtime" },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const view = await readRuntimeView(ctx.db, ctx.secrets, ctx.actor.orgId, appId, envId, { fresh: ctx.query.fresh === "true" });
    return runtimeJson(view, `${appId}-${envId}`);
  },
});

export const patchEnvReplicas = defineRoute({
  operationId: "patchReplicas",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/replicas",
  tag: "Runtime",
  summary: "Set workloads' replica counts ({ workload: replicas }); in a paused environment the count is what resume restores. Needs the right to deploy to the environment.",
  params: envParams,
  body: z.record(z.string().min(1), z.number().int().min(0).max(1000)).refine((r) => Object.keys(r).length > 0, "give at least one workload"),
  success: { status: 204, description: "Scaled" },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    await changeRuntime(ctx.db, ctx.secrets, ctx.actor, appId, envId, { kind: "scale", replicas: ctx.body }, { requestId: ctx.requestId });
  },
});

export const putEnvPaused = defineRoute({
  operationId: "updatePaused",
  method: "PUT",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/paused",
  tag: "Runtime",
  summary: "Pause (true: every Deployment and StatefulSet to zero replicas) or resume (false: the counts from before the pause). Needs the right to deploy to the environment.",
  params: envParams,
  body: z.boolean(),
  success: { status: 204, description: "Paused or resumed" },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    await changeRuntime(ctx.db, ctx.secrets, ctx.actor, appId, envId, { kind: "pause", paused: ctx.body }, { requestId: ctx.requestId });
  },
});

export const restartEnvWorkload = defineRoute({
  operationId: "restartWorkload",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/restart",
  tag: "Runtime",
  summary: "Baton extension: rollout restart of a workload (its controllers replace every pod). Needs the right to deploy to the environment.",
  params: envParams,
  body: z.object({ workload: z.string().min(1).describe("Workload id") }),
  success: { status: 204, description: "Restarted" },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    await changeRuntime(ctx.db, ctx.secrets, ctx.actor, appId, envId, { kind: "restart", workload: ctx.body.workload }, { requestId: ctx.requestId });
  },
});

export const getEnvLogs = defineRoute({
  operationId: "getContainerLogs",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/logs",
  tag: "Runtime",
  summary: "Baton extension: the tail of a container's log (current or previous container), secrets Baton injected masked",
  params: envParams,
  query: z.object({
    pod: z.string().min(1).max(253).describe("Pod name"),
    container: z.string().min(1).max(63).optional().describe("Container name (the pod's only container when absent)"),
    tail: z.coerce.number().int().min(1).max(5000).optional().describe("Lines from the end (default 200)"),
    previous: z.enum(["true", "false"]).optional().describe("The previous (crashed) container's log"),
    since_seconds: z.coerce.number().int().min(1).max(86_400).optional(),
  }),
  success: { status: 200, description: "Log text: `{ pod, container?, previous, logs }`" },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const q = ctx.query;
    const logs = await readRuntimeLog(ctx.db, ctx.secrets, ctx.actor, appId, envId, { pod: q.pod, ...(q.container ? { container: q.container } : {}), ...(q.tail ? { tailLines: q.tail } : {}), previous: q.previous === "true", ...(q.since_seconds ? { sinceSeconds: q.since_seconds } : {}) });
    return { pod: q.pod, ...(q.container ? { container: q.container } : {}), previous: q.previous === "true", logs };
  },
});
