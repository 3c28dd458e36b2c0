import type { ApiClient } from "./client";
import { CliError, usageError } from "./errors";
import type { ContainerStatusJson, EnvRuntimeJson, PodJson } from "./shapes";

const enc = encodeURIComponent;

export const envPath = (client: ApiClient, appId: string, envId: string) => `${client.orgPath}/apps/${enc(appId)}/envs/${enc(envId)}`;

/** One table row of `baton get runtime`: a container of a pod of a controller of a workload. */
export interface RuntimeRow {
  workload: string;
  controller: string;
  replicas: string;
  pod: string;
  phase: string;
  container: string;
  state: string;
  restarts: number | string;
}

/** `running`, `waiting (CrashLoopBackOff)`, `terminated (Error, exit 1)`. */
function stateOf(c: ContainerStatusJson): string {
  const reason = c.state.waiting?.reason ?? c.state.terminated?.reason;
  const exit = c.state.terminated?.exit_code;
  const detail = [reason, exit !== undefined ? `exit ${exit}` : undefined].filter(Boolean).join(", ");
  return detail ? `${c.status} (${detail})` : c.status;
}

export function runtimeRows(doc: EnvRuntimeJson): RuntimeRow[] {
  const rows: RuntimeRow[] = [];
  for (const [workload, module] of Object.entries(doc.modules)) {
    for (const [name, c] of Object.entries(module.controllers)) {
      const base = { workload, controller: `${c.kind}/${name}`, replicas: `${c.ready_replicas}/${c.replicas}` };
      if (c.pods.length === 0) rows.push({ ...base, pod: "", phase: "", container: "", state: c.message || c.status, restarts: "" });
      for (const pod of c.pods) {
        if (pod.containerStatuses.length === 0) rows.push({ ...base, pod: pod.podName, phase: pod.phase, container: "", state: pod.status, restarts: "" });
        for (const ct of pod.containerStatuses) rows.push({ ...base, pod: pod.podName, phase: pod.phase, container: ct.name, state: stateOf(ct), restarts: ct.restart_count });
      }
    }
  }
  return rows;
}

/**
 * Why there is no runtime to show: `unknown` (no cluster Baton can see, nothing deployed: a
 * state, not a failure) or `error` (reading the cluster failed).
 */
export function runtimeProblem(doc: EnvRuntimeJson, appId: string, envId: string): { message: string; failed: boolean } | undefined {
  if (doc.state === "unknown") return { message: `Runtime of ${appId}/${envId} is unknown: ${doc.message ?? "Baton cannot see the environment's cluster"}`, failed: false };
  if (doc.state === "error") return { message: `Runtime of ${appId}/${envId} is unavailable: ${doc.message ?? "reading the cluster failed"}${doc.error_code ? ` (${doc.error_code})` : ""}`, failed: true };
  return undefined;
}

export interface LogTarget {
  pod: string;
  container?: string;
  /** Said on stderr when Baton chose for the user (several pods). */
  note?: string;
}

/**
 * The pod and container `baton logs WORKLOAD` reads: --pod / --container when given (checked
 * against the runtime, so a typo is named), else the workload's first ready pod and the pod's
 * only container.
 */
export function chooseLogTarget(doc: EnvRuntimeJson, workload: string, want: { pod?: string; container?: string }): LogTarget {
  const module = doc.modules[workload];
  if (!module) {
    const known = Object.keys(doc.modules);
    throw usageError(`workload "${workload}" is not running in namespace ${doc.namespace}${known.length ? `; it has ${known.join(", ")}` : " (no workloads)"}`);
  }
  const pods: PodJson[] = Object.values(module.controllers).flatMap((c) => c.pods);
  if (pods.length === 0) throw new CliError(`workload "${workload}" has no pods`);
  let pod: PodJson;
  let note: string | undefined;
  if (want.pod) {
    const found = pods.find((p) => p.podName === want.pod);
    if (!found) throw usageError(`--pod ${want.pod}: not a pod of workload "${workload}"; its pods are ${pods.map((p) => p.podName).join(", ")}`);
    pod = found;
  } else {
    pod = pods.find((p) => p.ready) ?? pods[0];
    if (pods.length > 1) note = `pod ${pod.podName} (1 of ${pods.length}; choose one with --pod)`;
  }
  const names = pod.containerStatuses.map((c) => c.name);
  if (want.container) {
    if (names.length > 0 && !names.includes(want.container)) throw usageError(`--container ${want.container}: pod ${pod.podName} has ${names.join(", ")}`);
    return { pod: pod.podName, container: want.container, note };
  }
  if (names.length > 1) throw usageError(`pod ${pod.podName} has containers ${names.join(", ")}: choose one with --container`);
  return { pod: pod.podName, container: names[0], note };
}

const linesOf = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

/**
 * The lines of `next` that follow what `previous` already showed. Both are tails of the same
 * log: the longest end of `previous` that starts `next` is the overlap. A window with no
 * overlap (more new lines than one read holds) is new as a whole.
 */
export function newLines(previous: string[], next: string[]): string[] {
  for (let start = 0; start < previous.length; start++) {
    const overlap = previous.length - start;
    if (overlap > next.length) continue;
    let same = true;
    for (let i = 0; i < overlap && same; i++) same = previous[start + i] === next[i];
    if (same) return next.slice(overlap);
  }
  return next;
}

export interface FollowOptions {
  /** Reads the log's tail (the newest lines). */
  read(): Promise<string>;
  out: NodeJS.WritableStream;
  intervalMs?: number;
  /** Stops following (Ctrl-C). */
  signal: AbortSignal;
}

/** Prints the tail once, then re-reads it every interval and prints only the new lines, until `signal` aborts. */
export async function followLog(opts: FollowOptions): Promise<void> {
  let shown: string[] = [];
  while (!opts.signal.aborted) {
    const next = linesOf(await opts.read());
    for (const line of newLines(shown, next)) opts.out.write(`${line}\n`);
    shown = next;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.intervalMs ?? 2000);
      opts.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
