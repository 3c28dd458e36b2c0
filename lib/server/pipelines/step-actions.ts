import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { deploymentSets, pipelineApprovals } from "@/db/tables";
import { applyDelta, type DeploymentDelta } from "@/lib/engine/delta";
import { durationSeconds, type ActionName } from "@/lib/engine/pipelines";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { recordAudit } from "@/lib/server/data/audit";
import { getEnvironment } from "@/lib/server/data/apps";
import { currentSetOf, getDeployment } from "@/lib/server/data/deployments";
import { loadActor } from "@/lib/server/data/users";
import { SafeError, forbidden } from "@/lib/server/errors";
import { cloneEnvironment } from "@/lib/server/operations/clone-environment";
import { deployEnvironment, type DeployEnvironmentInput } from "@/lib/server/operations/deploy-environment";
import type { OperationContext } from "@/lib/server/operations/operation";
import { getApproval, type PipelineRunRecord } from "./data";
import { newPipelineObjectId } from "./runs";

/** What a step's poll found: finished, or to be looked at again (at a time, or when an approval is decided). */
export type StepOutcome =
  | { done: "succeeded" | "failed"; message: string }
  | { waitUntil: number; message: string }
  | { waitForApproval: true; message: string };

export interface StepStart {
  state: Record<string, unknown>;
  related?: Record<string, string>;
  log: string;
}

export interface StepRuntime {
  db: Db;
  actor: Actor;
  run: PipelineRunRecord;
  jobId: string;
  stepIndex: number;
  args: Record<string, unknown>;
  requestId: string;
  /** Called after a deployment was queued (wakes the deploy worker). */
  onDeploymentQueued?: () => void;
}

/** How often a step waiting for a deployment looks at it. */
export const DEPLOYMENT_POLL_MS = 1000;

/** An environment that is deploying right now: the step starts once it is idle. */
export class EnvironmentBusy extends Error {}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Each action in two halves: `start` runs inside the transaction that records the step as
 * started (so what it begins — a deployment, an approval request — is begun exactly once),
 * `poll` reads how that is going.
 */
export const STEP_ACTIONS: Record<ActionName, { start(tx: Tx, rt: StepRuntime): Promise<StepStart>; poll(rt: StepRuntime, state: Record<string, unknown>): Promise<StepOutcome> }> = {
  approve: {
    async start(tx, rt) {
      const envId = str(rt.args.env_id)!;
      const id = newPipelineObjectId();
      await tx.insert(pipelineApprovals).values({
        id, orgId: rt.run.orgId, appId: rt.run.appId, pipelineId: rt.run.pipelineId, runId: rt.run.id, jobId: rt.jobId, stepIndex: rt.stepIndex,
        envId, message: String(rt.args.message ?? ""), status: "waiting", createdAt: new Date().toISOString(),
      });
      return { state: { approvalId: id }, related: { approval_id: id }, log: `Waiting for approval by a deployer of environment "${envId}": ${String(rt.args.message ?? "")}` };
    },
    async poll(rt, state) {
      const a = await getApproval(rt.db, rt.run.orgId, String(state.approvalId));
      if (!a) return { done: "failed", message: "The approval request is gone" };
      if (a.status === "approved") return { done: "succeeded", message: `Approved by ${a.approvedBy}` };
      if (a.status === "denied") return { done: "failed", message: `Denied by ${a.approvedBy}` };
      if (a.status === "cancelled") return { done: "failed", message: "The approval request was cancelled" };
      return { waitForApproval: true, message: `Waiting for approval in ${a.envId}` };
    },
  },
  deploy: {
    async start(tx, rt) {
      const envId = str(rt.args.env_id)!;
      await requireDeployer(tx, rt, envId);
      const input: DeployEnvironmentInput = { appId: rt.run.appId, envId, comment: str(rt.args.comment) ?? `Pipeline run ${rt.run.id}` };
      const from = str(rt.args.from_env_id);
      if (from) {
        const source = await getEnvironment(tx, rt.run.orgId, rt.run.appId, from);
        if (!source) throw new SafeError("not-found", `Environment "${from}" was not found`);
        if (!source.lastDeployId) throw new SafeError("unprocessable", `Environment "${from}" has nothing deployed to promote`);
        input.fromDeployId = source.lastDeployId;
      } else if (str(rt.args.deployment_id)) input.fromDeployId = str(rt.args.deployment_id);
      else if (str(rt.args.set_id)) input.setId = str(rt.args.set_id);
      else input.deltaId = str(rt.args.delta_id);
      return await queueDeployment(tx, rt, input, from ? `Deploying what ${from} runs (deployment ${input.fromDeployId}) to ${envId}` : `Deploying to ${envId}`);
    },
    poll: pollDeployment,
  },
  apply: {
    async start(tx, rt) {
      const envId = str(rt.args.env_id)!;
      const comment = str(rt.args.comment) ?? `Pipeline run ${rt.run.id}`;
      await requireDeployer(tx, rt, envId);
      if (str(rt.args.delta_id)) return await queueDeployment(tx, rt, { appId: rt.run.appId, envId, deltaId: str(rt.args.delta_id), comment }, `Applying delta ${String(rt.args.delta_id)} to ${envId}`);
      const env = await getEnvironment(tx, rt.run.orgId, rt.run.appId, envId);
      if (!env) throw new SafeError("not-found", `Environment "${envId}" was not found`);
      const base = (await currentSetOf(tx, rt.run.orgId, rt.run.appId, env))?.set ?? { version: 0, modules: {}, shared: {} };
      const applied = applyDelta(base, rt.args.delta as DeploymentDelta);
      if (!applied.ok) throw new SafeError("unprocessable", `with.delta: ${applied.errors.map((e) => `${e.location}: ${e.message}`).join("; ")}`);
      await tx.insert(deploymentSets).values({ id: applied.id, orgId: rt.run.orgId, content: applied.set as unknown as Record<string, unknown>, createdAt: new Date().toISOString() }).onConflictDoNothing();
      return await queueDeployment(tx, rt, { appId: rt.run.appId, envId, setId: applied.id, comment }, `Applying the step's delta to ${envId} (set ${applied.id})`);
    },
    poll: pollDeployment,
  },
  clone: {
    async start(tx, rt) {
      const from = str(rt.args.from_env_id)!;
      const envId = str(rt.args.env_id)!;
      const source = await getEnvironment(tx, rt.run.orgId, rt.run.appId, from);
      if (!source) throw new SafeError("not-found", `Environment "${from}" was not found`);
      if (!source.lastDeployId) throw new SafeError("unprocessable", `Environment "${from}" has nothing deployed to clone`);
      const comment = str(rt.args.comment) ?? `Cloned from ${from} by pipeline run ${rt.run.id}`;
      const target = await getEnvironment(tx, rt.run.orgId, rt.run.appId, envId);
      await requireDeployer(tx, rt, envId, target?.type ?? str(rt.args.env_type) ?? source.type);
      if (target) {
        return await queueDeployment(tx, rt, { appId: rt.run.appId, envId, fromDeployId: source.lastDeployId, comment }, `Copying ${from} into the existing environment ${envId}`);
      }
      const input = cloneEnvironment.input.parse({ appId: rt.run.appId, sourceEnvId: from, id: envId, type: str(rt.args.env_type) ?? source.type, comment });
      const r = await cloneEnvironment.execute(tx, input, operationContextOf(rt));
      await auditStep(tx, rt, cloneEnvironment.name, `app/${rt.run.appId}/env/${envId}`, { clonedFrom: from, deploymentId: r.deploymentId });
      rt.onDeploymentQueued?.();
      return { state: { deploymentId: r.deploymentId }, related: { env_id: envId, ...(r.deploymentId ? { deployment_id: r.deploymentId } : {}) }, log: `Created environment ${envId} from ${from}; deployment ${r.deploymentId} queued` };
    },
    poll: pollDeployment,
  },
  wait: {
    async start(_tx, rt) {
      const seconds = durationSeconds(rt.args.duration);
      if (seconds === undefined || seconds > 24 * 3600) throw new SafeError("invalid", `with.duration: "${String(rt.args.duration)}" is not a duration of at most 24h`);
      return { state: { until: Date.now() + seconds * 1000 }, log: `Waiting ${String(rt.args.duration)}` };
    },
    async poll(_rt, state) {
      const until = Number(state.until);
      return Date.now() >= until ? { done: "succeeded", message: "Waited" } : { waitUntil: until, message: `Waiting until ${new Date(until).toISOString()}` };
    },
  },
};

/**
 * A step changes what runs in an environment on behalf of the run's starter, so it re-checks
 * at run time what the API would: the starter may deploy to the environment's type, or an
 * approval of this run for that environment was given by someone who may. Without it anyone
 * who may start a pipeline could deploy wherever its author can.
 */
async function requireDeployer(tx: Tx, rt: StepRuntime, envId: string, knownType?: string): Promise<void> {
  const envType = knownType ?? (await getEnvironment(tx, rt.run.orgId, rt.run.appId, envId))?.type;
  if (envType === undefined) throw new SafeError("not-found", `Environment "${envId}" was not found`);
  const permission = { action: "env.deploy" as const, appId: rt.run.appId, envType };
  if (can(rt.actor, permission)) return;
  const approvals = await tx.select({ approvedBy: pipelineApprovals.approvedBy }).from(pipelineApprovals)
    .where(and(eq(pipelineApprovals.runId, rt.run.id), eq(pipelineApprovals.envId, envId), eq(pipelineApprovals.status, "approved")));
  for (const { approvedBy } of approvals) {
    const approver = approvedBy ? await loadActor(tx, rt.run.orgId, approvedBy) : undefined;
    if (approver && can(approver, permission)) return;
  }
  throw forbidden(
    `The run's starter ${rt.actor.email} may not deploy to environment "${envId}" (type "${envType}") and no approval of this run for "${envId}" was given by someone who may: ` +
      whyForbidden(rt.actor, permission).replace(/\byou have\b/g, "they have"),
  );
}

function operationContextOf(rt: StepRuntime): OperationContext {
  return { db: rt.db, actor: rt.actor, requestId: rt.requestId };
}

async function auditStep(tx: Tx, rt: StepRuntime, action: string, target: string, details: Record<string, unknown>) {
  await recordAudit(tx, { orgId: rt.actor.orgId, actorId: rt.actor.userId, actorEmail: rt.actor.email, action, target, details: { ...details, pipelineRun: rt.run.id, job: rt.jobId, step: rt.stepIndex }, requestId: rt.requestId });
}

async function queueDeployment(tx: Tx, rt: StepRuntime, raw: DeployEnvironmentInput, log: string): Promise<StepStart> {
  const input = deployEnvironment.input.parse(raw);
  let r: Awaited<ReturnType<typeof deployEnvironment.execute>>;
  try {
    r = await deployEnvironment.execute(tx, input, operationContextOf(rt));
  } catch (err) {
    if (err instanceof SafeError && err.code === "deployment-in-progress") throw new EnvironmentBusy(err.message);
    throw err;
  }
  await auditStep(tx, rt, deployEnvironment.name, `app/${input.appId}/env/${input.envId}/deploy/${r.id}`, { setId: r.setId });
  rt.onDeploymentQueued?.();
  return { state: { deploymentId: r.id }, related: { env_id: input.envId, deployment_id: r.id, set_id: r.setId }, log: `${log}: deployment ${r.id} queued` };
}

async function pollDeployment(rt: StepRuntime, state: Record<string, unknown>): Promise<StepOutcome> {
  if (!state.deploymentId) return { done: "succeeded", message: "Nothing to deploy" };
  const d = await getDeployment(rt.db, rt.run.orgId, rt.run.appId, String(state.deploymentId));
  if (!d) return { done: "failed", message: `Deployment ${String(state.deploymentId)} is gone` };
  if (d.status === "succeeded") return { done: "succeeded", message: `Deployment ${d.id} to ${d.envId} succeeded` };
  if (d.status === "failed") return { done: "failed", message: `Deployment ${d.id} to ${d.envId} failed` };
  return { waitUntil: Date.now() + DEPLOYMENT_POLL_MS, message: `Deployment ${d.id} to ${d.envId} is ${d.status}` };
}
