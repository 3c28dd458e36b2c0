/**
 * Humanitec's Pipeline format (apiVersion humanitec.io/v1beta1, kind Pipeline) as Baton reads
 * it: triggers under `on`, jobs with `needs`, steps with `uses` and `with`.
 */

export const PIPELINE_API_VERSION = "humanitec.io/v1beta1";
export const PIPELINE_KIND = "Pipeline";

/** The triggers a pipeline may declare under `on`. */
export const TRIGGER_TYPES = ["pipeline_call", "deployment_request", "automation_rule"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** The actions a step may use (`uses: actions/humanitec/<name>@v1`). */
export const ACTION_NAMES = ["approve", "deploy", "apply", "clone", "wait"] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export interface PipelineInputDeclaration {
  type: "string" | "number" | "boolean";
  description?: string;
  required: boolean;
  default?: string | number | boolean;
}

export interface PipelineStepDefinition {
  name: string;
  uses: string;
  action: ActionName;
  /** Step arguments; strings may hold `${{ inputs.x }}` references, resolved when the step runs. */
  with: Record<string, unknown>;
  timeoutSeconds: number;
}

export interface PipelineJobDefinition {
  id: string;
  needs: string[];
  timeoutSeconds: number;
  steps: PipelineStepDefinition[];
}

export interface PipelineDefinition {
  name: string;
  triggers: Partial<Record<TriggerType, { inputs: Record<string, PipelineInputDeclaration> }>>;
  /** Jobs in an order where every job comes after those it needs. */
  jobs: PipelineJobDefinition[];
  timeoutSeconds: number;
}

export interface PipelineProblem {
  /** Dotted path in the document, e.g. `jobs.promote.steps.0.uses`. */
  field: string;
  message: string;
  line?: number;
  column?: number;
}

export const DEFAULT_RUN_TIMEOUT_SECONDS = 3600;
export const DEFAULT_JOB_TIMEOUT_SECONDS = 3600;
export const DEFAULT_STEP_TIMEOUT_SECONDS = 3600;
/** Bounds keeping one document's work small. */
export const MAX_JOBS = 50;
export const MAX_STEPS_PER_JOB = 50;
export const MAX_WAIT_SECONDS = 24 * 3600;
export const MAX_PIPELINE_YAML_BYTES = 256 * 1024;
