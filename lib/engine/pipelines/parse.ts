import { parseScoreYaml } from "@/lib/engine/score/yaml-source";
import { ACTION_SPECS, actionOf, durationSeconds } from "./actions";
import { referencesIn } from "./expressions";
import {
  ACTION_NAMES,
  DEFAULT_JOB_TIMEOUT_SECONDS,
  DEFAULT_RUN_TIMEOUT_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  MAX_JOBS,
  MAX_PIPELINE_YAML_BYTES,
  MAX_STEPS_PER_JOB,
  MAX_WAIT_SECONDS,
  PIPELINE_API_VERSION,
  PIPELINE_KIND,
  TRIGGER_TYPES,
  type PipelineDefinition,
  type PipelineInputDeclaration,
  type PipelineJobDefinition,
  type PipelineProblem,
  type PipelineStepDefinition,
  type TriggerType,
} from "./model";

/** The inputs a deployment request brings (Humanitec's PipelineRunCreateByDeploymentRequestCriteriaBody). */
export const DEPLOYMENT_REQUEST_INPUTS = ["env_id", "delta_id", "set_id", "deployment_id", "value_set_version_id", "comment"] as const;

export type ParsePipelineResult = { ok: true; pipeline: PipelineDefinition } | { ok: false; problems: PipelineProblem[] };

const JOB_ID = /^[a-z0-9_][a-z0-9_-]{0,62}$/i;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const TOP_KEYS = new Set(["apiVersion", "kind", "metadata", "on", "jobs", "timeout_minutes"]);
const JOB_KEYS = new Set(["needs", "steps", "timeout_minutes"]);
const STEP_KEYS = new Set(["name", "uses", "with", "timeout_minutes"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a pipeline document and checks it: the envelope, the triggers, every job's `needs`
 * (known jobs, no cycle) and every step's action and arguments. Each problem names its field
 * and, where the document has it, its line and column. Never throws for bad input.
 */
export function parsePipelineYaml(text: string): ParsePipelineResult {
  if (Buffer.byteLength(text, "utf8") > MAX_PIPELINE_YAML_BYTES) {
    return { ok: false, problems: [{ field: "(document)", message: `the document is larger than ${MAX_PIPELINE_YAML_BYTES / 1024} KiB`, line: 1, column: 1 }] };
  }
  const parsed = parseScoreYaml(text);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.problems.map((p) => ({ field: "(document)", message: p.message.replace("Score workload", "pipeline"), line: p.position.line, column: p.position.column })) };
  }
  const problems: PipelineProblem[] = [];
  const report = (path: (string | number)[], message: string) => {
    const pointer = "/" + path.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
    const at = parsed.source.locate(path.length ? pointer : "");
    const pos = at.key ?? at.value;
    problems.push({ field: path.join(".") || "(document)", message, line: pos?.line, column: pos?.column });
  };
  const pipeline = checkDocument(parsed.source.value as Obj, report);
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return problems.length === 0 && pipeline ? { ok: true, pipeline } : { ok: false, problems };
}

type Report = (path: (string | number)[], message: string) => void;

function checkDocument(doc: Obj, report: Report): PipelineDefinition | undefined {
  for (const key of Object.keys(doc)) if (!TOP_KEYS.has(key)) report([key], `unknown field; a pipeline has ${[...TOP_KEYS].join(", ")}`);
  if (doc.apiVersion !== PIPELINE_API_VERSION) report(["apiVersion"], `must be "${PIPELINE_API_VERSION}"`);
  if (doc.kind !== PIPELINE_KIND) report(["kind"], `must be "${PIPELINE_KIND}"`);
  let name = "";
  if (!isObj(doc.metadata) || typeof doc.metadata.name !== "string" || doc.metadata.name.trim() === "") report(["metadata", ...(isObj(doc.metadata) ? ["name"] : [])], "metadata.name is required: the pipeline's display name");
  else if (doc.metadata.name.length > 100) report(["metadata", "name"], "at most 100 characters");
  else name = doc.metadata.name.trim();

  const triggers = checkTriggers(doc.on, report);
  const inputNames = new Set<string>();
  for (const t of Object.values(triggers)) for (const n of Object.keys(t.inputs)) inputNames.add(n);
  if (triggers.deployment_request || triggers.automation_rule) DEPLOYMENT_REQUEST_INPUTS.forEach((n) => inputNames.add(n));

  const jobs = checkJobs(doc.jobs, inputNames, report);
  const timeoutSeconds = timeoutOf(doc.timeout_minutes, ["timeout_minutes"], DEFAULT_RUN_TIMEOUT_SECONDS, report);
  return jobs ? { name, triggers, jobs, timeoutSeconds } : undefined;
}

function timeoutOf(value: unknown, path: (string | number)[], fallback: number, report: Report): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 60 * 24 * 7) {
    report(path, "must be a whole number of minutes between 1 and 10080");
    return fallback;
  }
  return value * 60;
}

function checkTriggers(on: unknown, report: Report): PipelineDefinition["triggers"] {
  const triggers: PipelineDefinition["triggers"] = {};
  if (!isObj(on) || Object.keys(on).length === 0) {
    report(["on"], `declare at least one trigger: ${TRIGGER_TYPES.join(", ")}`);
    return triggers;
  }
  for (const [type, body] of Object.entries(on)) {
    if (!(TRIGGER_TYPES as readonly string[]).includes(type)) {
      report(["on", type], `unknown trigger; use one of ${TRIGGER_TYPES.join(", ")}`);
      continue;
    }
    if (body !== null && !isObj(body)) {
      report(["on", type], "must be a mapping (e.g. {})");
      continue;
    }
    const inputs: Record<string, PipelineInputDeclaration> = {};
    const declared = body?.inputs;
    if (declared !== undefined) {
      if (type !== "pipeline_call") report(["on", type, "inputs"], `the ${type} trigger brings its own inputs (${DEPLOYMENT_REQUEST_INPUTS.join(", ")}); declare inputs on pipeline_call`);
      else if (!isObj(declared)) report(["on", type, "inputs"], "must be a mapping of input name to {type, description, required, default}");
      else for (const [n, d] of Object.entries(declared)) {
        const decl = checkInput(d, ["on", type, "inputs", n], report);
        if (!INPUT_NAME.test(n)) report(["on", type, "inputs", n], "an input name is letters, digits, _ and -, starting with a letter or _");
        else if (decl) inputs[n] = decl;
      }
    }
    for (const k of Object.keys(body ?? {})) if (k !== "inputs") report(["on", type, k], "unknown field; a trigger has only inputs");
    triggers[type as TriggerType] = { inputs };
  }
  return triggers;
}

function checkInput(d: unknown, path: (string | number)[], report: Report): PipelineInputDeclaration | undefined {
  if (!isObj(d)) {
    report(path, "must be a mapping {type, description, required, default}");
    return undefined;
  }
  const type = d.type ?? "string";
  if (type !== "string" && type !== "number" && type !== "boolean") {
    report([...path, "type"], "must be string, number or boolean");
    return undefined;
  }
  if (d.required !== undefined && typeof d.required !== "boolean") report([...path, "required"], "must be true or false");
  if (d.description !== undefined && typeof d.description !== "string") report([...path, "description"], "must be a string");
  if (d.default !== undefined && typeof d.default !== type) report([...path, "default"], `must be a ${type}`);
  return { type, required: d.required === true, description: typeof d.description === "string" ? d.description : undefined, default: d.default as PipelineInputDeclaration["default"] };
}

function checkJobs(jobs: unknown, inputNames: Set<string>, report: Report): PipelineJobDefinition[] | undefined {
  if (!isObj(jobs) || Object.keys(jobs).length === 0) {
    report(["jobs"], "declare at least one job: jobs: {<id>: {steps: [...]}}");
    return undefined;
  }
  const ids = Object.keys(jobs);
  if (ids.length > MAX_JOBS) report(["jobs"], `at most ${MAX_JOBS} jobs`);
  const out: PipelineJobDefinition[] = [];
  for (const id of ids.slice(0, MAX_JOBS)) {
    const job = jobs[id];
    const path = ["jobs", id];
    if (!JOB_ID.test(id)) report(path, "a job id is letters, digits, _ and -, at most 63 characters");
    if (!isObj(job)) {
      report(path, "must be a mapping {needs, steps}");
      continue;
    }
    for (const k of Object.keys(job)) if (!JOB_KEYS.has(k)) report([...path, k], `unknown field; a job has ${[...JOB_KEYS].join(", ")}`);
    const needs: string[] = [];
    if (job.needs !== undefined) {
      const list = typeof job.needs === "string" ? [job.needs] : job.needs;
      if (!Array.isArray(list)) report([...path, "needs"], "must be a job id or a list of job ids");
      else list.forEach((n, i) => {
        if (typeof n !== "string" || !(n in jobs)) report([...path, "needs", ...(typeof job.needs === "string" ? [] : [i])], `"${String(n)}" is not a job of this pipeline`);
        else if (n === id) report([...path, "needs", i], "a job cannot need itself");
        else needs.push(n);
      });
    }
    const steps = checkSteps(job.steps, [...path, "steps"], inputNames, report);
    out.push({ id, needs, steps, timeoutSeconds: timeoutOf(job.timeout_minutes, [...path, "timeout_minutes"], DEFAULT_JOB_TIMEOUT_SECONDS, report) });
  }
  return orderJobs(out, report);
}

/** Orders jobs so each follows those it needs; a cycle is reported on a job in it. */
function orderJobs(jobs: PipelineJobDefinition[], report: Report): PipelineJobDefinition[] | undefined {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const state = new Map<string, "visiting" | "done">();
  const ordered: PipelineJobDefinition[] = [];
  let cyclic = false;
  const visit = (job: PipelineJobDefinition) => {
    if (state.get(job.id) === "done" || cyclic) return;
    if (state.get(job.id) === "visiting") {
      cyclic = true;
      report(["jobs", job.id, "needs"], `jobs need each other in a cycle through "${job.id}"`);
      return;
    }
    state.set(job.id, "visiting");
    for (const n of job.needs) visit(byId.get(n)!);
    state.set(job.id, "done");
    ordered.push(job);
  };
  jobs.forEach(visit);
  return cyclic ? undefined : ordered;
}

function checkSteps(steps: unknown, path: (string | number)[], inputNames: Set<string>, report: Report): PipelineStepDefinition[] {
  if (!Array.isArray(steps) || steps.length === 0) {
    report(path, "a job needs a list of at least one step");
    return [];
  }
  if (steps.length > MAX_STEPS_PER_JOB) report(path, `at most ${MAX_STEPS_PER_JOB} steps in a job`);
  const out: PipelineStepDefinition[] = [];
  steps.slice(0, MAX_STEPS_PER_JOB).forEach((step, i) => {
    const at = [...path, i];
    if (!isObj(step)) {
      report(at, "a step is a mapping {name, uses, with}");
      return;
    }
    for (const k of Object.keys(step)) if (!STEP_KEYS.has(k)) report([...at, k], `unknown field; a step has ${[...STEP_KEYS].join(", ")}`);
    if (typeof step.uses !== "string") {
      report(step.uses === undefined ? at : [...at, "uses"], "uses is required: the action, e.g. actions/humanitec/deploy@v1");
      return;
    }
    const action = actionOf(step.uses);
    if (!action) {
      report([...at, "uses"], `unknown action "${step.uses}"; use actions/humanitec/<${ACTION_NAMES.join("|")}>@v1`);
      return;
    }
    if (step.name !== undefined && (typeof step.name !== "string" || step.name.length > 100)) report([...at, "name"], "must be a string of at most 100 characters");
    const args = step.with ?? {};
    if (!isObj(args)) {
      report([...at, "with"], "must be a mapping of the action's arguments");
      return;
    }
    checkArguments(action, args, [...at, "with"], inputNames, report);
    out.push({
      name: typeof step.name === "string" && step.name ? step.name : `${action} ${i + 1}`,
      uses: step.uses,
      action,
      with: args,
      timeoutSeconds: timeoutOf(step.timeout_minutes, [...at, "timeout_minutes"], DEFAULT_STEP_TIMEOUT_SECONDS, report),
    });
  });
  return out;
}

function checkArguments(action: keyof typeof ACTION_SPECS, args: Obj, path: (string | number)[], inputNames: Set<string>, report: Report) {
  const spec = ACTION_SPECS[action];
  for (const [k, v] of Object.entries(args)) {
    const arg = spec.with[k];
    if (!arg) {
      report([...path, k], `unknown argument of ${action}; it takes ${Object.keys(spec.with).join(", ")}`);
      continue;
    }
    checkReferences(v, [...path, k], inputNames, report);
    const isReference = typeof v === "string" && referencesIn(v).inputs.length > 0;
    if (arg.type === "object" && !isObj(v)) report([...path, k], "must be a mapping");
    else if (arg.type === "string" && typeof v !== "string") report([...path, k], "must be a string");
    else if (arg.type === "duration" && !isReference) {
      const s = durationSeconds(v);
      if (s === undefined) report([...path, k], "must be a duration such as 30s, 5m or 1h");
      else if (s > MAX_WAIT_SECONDS) report([...path, k], "at most 24h");
    }
  }
  for (const [k, arg] of Object.entries(spec.with)) if (arg.required && args[k] === undefined) report(path, `${k} is required (${arg.description})`);
  for (const group of spec.oneOf ?? []) {
    const given = group.filter((k) => args[k] !== undefined);
    if (given.length !== 1) report(given.length > 1 ? [...path, given[1]] : path, `give exactly one of ${group.join(", ")}`);
  }
}

function checkReferences(value: unknown, path: (string | number)[], inputNames: Set<string>, report: Report) {
  if (typeof value === "string") {
    const { inputs, invalid } = referencesIn(value);
    for (const e of invalid) report(path, `${e} is not supported; only \${{ inputs.NAME }} references are`);
    for (const n of inputs) if (!inputNames.has(n)) report(path, `input "${n}" is not declared by a trigger of this pipeline`);
  } else if (Array.isArray(value)) value.forEach((v, i) => checkReferences(v, [...path, i], inputNames, report));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) checkReferences(v, [...path, k], inputNames, report);
}

/**
 * Checks a run's inputs against what the pipeline's pipeline_call trigger declares and fills
 * in defaults. Returns the inputs, or the problems naming each input.
 */
export function checkRunInputs(pipeline: PipelineDefinition, inputs: Record<string, unknown>): { ok: true; inputs: Record<string, unknown> } | { ok: false; problems: PipelineProblem[] } {
  const declared = pipeline.triggers.pipeline_call?.inputs ?? {};
  const problems: PipelineProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) {
    const d = declared[k];
    if (!d) problems.push({ field: `inputs.${k}`, message: `the pipeline declares no input "${k}"` });
    else if (typeof v !== d.type) problems.push({ field: `inputs.${k}`, message: `must be a ${d.type}` });
    else out[k] = v;
  }
  for (const [k, d] of Object.entries(declared)) {
    if (out[k] !== undefined) continue;
    if (d.default !== undefined) out[k] = d.default;
    else if (d.required) problems.push({ field: `inputs.${k}`, message: "is required" });
  }
  return problems.length ? { ok: false, problems } : { ok: true, inputs: out };
}
