import type { ApiClient } from "./client";
import type { DeploymentErrorJson, DeploymentJson, PipelineRunJson } from "./shapes";

const DONE = new Set(["succeeded", "failed"]);

export interface WaitOptions {
  intervalMs?: number;
  timeoutMs?: number;
  out?: NodeJS.WritableStream;
}

/**
 * Reads `read()` until `done` says so or the deadline passes, printing each new `describe` line
 * (stderr, so stdout stays the command's output). Resolves to the last value and whether it
 * finished (false: gave up).
 */
export async function pollUntil<T>(read: () => Promise<T>, describe: (v: T) => string, done: (v: T) => boolean, opts: WaitOptions = {}): Promise<{ value: T; finished: boolean }> {
  const out = opts.out ?? process.stderr;
  const interval = opts.intervalMs ?? 1000;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let last = "";
  for (;;) {
    const value = await read();
    const line = describe(value);
    if (line !== last) {
      out.write(`${line}\n`);
      last = line;
    }
    if (done(value)) return { value, finished: true };
    if (Date.now() > deadline) {
      out.write(`gave up waiting (${line})\n`);
      return { value, finished: false };
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Polls a deployment until it ends; resolves to the final deployment and its errors. */
export async function waitForDeployment(client: ApiClient, appId: string, envId: string, id: string, opts: WaitOptions = {}): Promise<{ deployment: DeploymentJson; errors: DeploymentErrorJson[] }> {
  const out = opts.out ?? process.stderr;
  const path = `${client.orgPath}/apps/${encodeURIComponent(appId)}/envs/${encodeURIComponent(envId)}/deploys/${encodeURIComponent(id)}`;
  const { value: d, finished } = await pollUntil(() => client.get<DeploymentJson>(path), (d) => `deployment ${d.id} ${d.status}`, (d) => DONE.has(d.status), { ...opts, out });
  const errors = finished && d.status === "failed" ? await client.get<DeploymentErrorJson[]>(`${path}/errors`) : [];
  for (const e of errors) out.write(`  ${e.code} ${e.scope}${e.object_id ? ` ${e.object_id}` : ""}: ${e.message}\n`);
  return { deployment: d, errors };
}

const RUN_DONE = new Set(["succeeded", "failed", "cancelled"]);

/** A run's one-line state: `run R waiting (approve: approval)`. */
export function describeRun(r: PipelineRunJson): string {
  const waiting = Object.entries(r.waiting_for ?? {}).map(([job, what]) => `${job}: ${what}`);
  return `run ${r.id} ${r.status}${waiting.length ? ` (${waiting.join(", ")})` : ""}${r.status_message && RUN_DONE.has(r.status) && r.status !== "succeeded" ? `: ${r.status_message}` : ""}`;
}

/** Polls a pipeline run until it ends (a run waiting for an approval keeps being polled). */
export async function waitForRun(client: ApiClient, runPath: string, opts: WaitOptions = {}): Promise<PipelineRunJson> {
  const { value } = await pollUntil(() => client.get<PipelineRunJson>(runPath), describeRun, (r) => RUN_DONE.has(r.status), opts);
  return value;
}
