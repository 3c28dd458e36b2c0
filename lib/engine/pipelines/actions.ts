import type { ActionName } from "./model";

/** What one `with` argument of an action accepts. */
export interface ActionArgument {
  type: "string" | "object" | "duration";
  required?: boolean;
  description: string;
}

export interface ActionSpec {
  description: string;
  with: Record<string, ActionArgument>;
  /** Groups of arguments of which exactly one must be given. */
  oneOf?: string[][];
}

const envId = (what: string): ActionArgument => ({ type: "string", required: true, description: what });
const comment: ActionArgument = { type: "string", description: "Comment of the deployment" };

export const ACTION_SPECS: Record<ActionName, ActionSpec> = {
  approve: {
    description: "Waits until someone allowed to deploy to `env_id` approves (or denies) the run",
    with: { message: { type: "string", required: true, description: "What the approver is asked" }, env_id: envId("The environment whose deployers may approve") },
  },
  deploy: {
    description: "Deploys to `env_id` (the deployment set of another environment, a set, a delta or an earlier deployment) and waits for the deployment to end",
    with: {
      env_id: envId("The environment to deploy to"),
      from_env_id: { type: "string", description: "Promote: deploy what this environment runs now" },
      set_id: { type: "string", description: "Deploy this deployment set" },
      delta_id: { type: "string", description: "Apply this delta onto the environment's current set" },
      deployment_id: { type: "string", description: "Redeploy the set of this deployment" },
      comment,
    },
    oneOf: [["from_env_id", "set_id", "delta_id", "deployment_id"]],
  },
  apply: {
    description: "Applies a delta (stored, or written inline) onto `env_id`'s current set, deploys the result and waits for the deployment to end",
    with: {
      env_id: envId("The environment to deploy to"),
      delta_id: { type: "string", description: "A stored delta of the application" },
      delta: { type: "object", description: "A delta written inline ({modules: {add, remove, update}, shared})" },
      comment,
    },
    oneOf: [["delta_id", "delta"]],
  },
  clone: {
    description: "Copies the deployment set of `from_env_id` into `env_id` (created first, of `env_type`, if it does not exist), deploys it and waits for the deployment to end",
    with: {
      from_env_id: envId("The environment to copy from"),
      env_id: envId("The environment to copy into"),
      env_type: { type: "string", description: "Type of a new environment (default: that of from_env_id)" },
      comment,
    },
  },
  wait: {
    description: "Waits for a duration",
    with: { duration: { type: "duration", required: true, description: "How long, e.g. 30s, 5m, 1h (at most 24h)" } },
  },
};

const DURATION = /^(\d+)(ms|s|m|h)$/;

/** Seconds of a duration (`30s`, `5m`, `1h`, `250ms` or a number of seconds), or undefined. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== "string") return undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === "ms" ? n / 1000 : m[2] === "s" ? n : m[2] === "m" ? n * 60 : n * 3600;
}

const USES = /^actions\/humanitec\/([a-z-]+)@v1$/;

/** The action a `uses` names, or undefined. */
export function actionOf(uses: string): ActionName | undefined {
  const name = USES.exec(uses)?.[1];
  return name !== undefined && name in ACTION_SPECS ? (name as ActionName) : undefined;
}
