import type { ApiClient } from "./client";
import { CliError, usageError } from "./errors";
import type { PipelineApprovalJson, PipelineJson, PipelineRunJson } from "./shapes";

const enc = encodeURIComponent;

export const pipelinePath = (client: ApiClient, appId: string, pipelineId: string) => `${client.orgPath}/apps/${enc(appId)}/pipelines/${enc(pipelineId)}`;
export const runPath = (client: ApiClient, appId: string, pipelineId: string, runId: string) => `${pipelinePath(client, appId, pipelineId)}/runs/${enc(runId)}`;

/** The runs of one pipeline, or of every pipeline of the app (the API lists runs per pipeline), newest first. */
export async function listRuns(client: ApiClient, appId: string, pipelineId?: string): Promise<PipelineRunJson[]> {
  const ids = pipelineId ? [pipelineId] : (await client.list<PipelineJson>(`${client.orgPath}/apps/${enc(appId)}/pipelines`)).map((p) => p.id);
  const runs = (await Promise.all(ids.map((id) => client.list<PipelineRunJson>(`${pipelinePath(client, appId, id)}/runs`)))).flat();
  return runs.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

export interface ApprovalFilter {
  pipeline?: string;
  run?: string;
  job?: string;
}

/**
 * The waiting approval request `baton approve|deny` decides: the one of --run (and --job), or,
 * without --run, the app's only waiting one (of --pipeline). Several or none: an error that
 * says which flag narrows it down.
 */
export async function findWaitingApproval(client: ApiClient, appId: string, f: ApprovalFilter): Promise<PipelineApprovalJson> {
  const query = new URLSearchParams({ status: "waiting", ...(f.pipeline ? { pipeline: f.pipeline } : {}), ...(f.run ? { run: f.run } : {}) });
  const waiting = (await client.list<PipelineApprovalJson>(`${client.orgPath}/apps/${enc(appId)}/approvals?${query}`)).filter((a) => !f.job || a.job_id === f.job);
  const scope = f.run ? `run "${f.run}"${f.job ? ` (job "${f.job}")` : ""}` : `application "${appId}"${f.pipeline ? ` (pipeline "${f.pipeline}")` : ""}`;
  if (waiting.length === 1) return waiting[0];
  if (waiting.length === 0) {
    if (f.run && f.pipeline) {
      const run = await client.get<PipelineRunJson>(runPath(client, appId, f.pipeline, f.run));
      throw new CliError(`${scope} has no approval waiting (the run is ${run.status})`);
    }
    throw new CliError(`${scope} has no approval waiting`);
  }
  const flag = f.run ? "--job" : "--run";
  const choices = waiting.map((a) => (f.run ? a.job_id : `${a.run_id} (pipeline ${a.pipeline_id}, job ${a.job_id})`));
  throw usageError(`${scope} has ${waiting.length} approvals waiting: choose one with ${flag} (${choices.join(", ")})`);
}

type InputType = "string" | "number" | "boolean";

/**
 * `--input k=v` pairs as the run's inputs, typed as the pipeline declares them (its
 * `on.pipeline_call.inputs`): the API refuses "3" for a number input.
 */
export async function runInputs(client: ApiClient, appId: string, pipelineId: string, pairs: string[]): Promise<Record<string, unknown>> {
  if (pairs.length === 0) return {};
  const doc = await client.get<{ on?: { pipeline_call?: { inputs?: Record<string, { type?: InputType }> } | null } }>(`${pipelinePath(client, appId, pipelineId)}/schema`);
  const declared = doc.on?.pipeline_call?.inputs ?? {};
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw usageError(`--input ${pair}: use --input NAME=VALUE`);
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const d = declared[name];
    if (!d) {
      const known = Object.keys(declared);
      throw usageError(`--input ${pair}: pipeline "${pipelineId}" declares no input "${name}"${known.length ? ` (it has ${known.join(", ")})` : " (it has no inputs)"}`);
    }
    if (d.type === "number") {
      if (raw.trim() === "" || !Number.isFinite(Number(raw))) throw usageError(`--input ${pair}: "${name}" is a number input`);
      inputs[name] = Number(raw);
    } else if (d.type === "boolean") {
      if (raw !== "true" && raw !== "false") throw usageError(`--input ${pair}: "${name}" is a boolean input (true or false)`);
      inputs[name] = raw === "true";
    } else inputs[name] = raw;
  }
  return inputs;
}
