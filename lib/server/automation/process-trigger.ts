import type { Db, Tx } from "@/db/client";
import { writeTransaction } from "@/db/write-transaction";
import { deploymentSets } from "@/db/tables";
import { applyDelta, type DeploymentDelta } from "@/lib/engine/delta";
import { imageUpdateDelta } from "@/lib/engine/automation";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/data/audit";
import { getEnvironment } from "@/lib/server/data/apps";
import { currentSetOf } from "@/lib/server/data/deployments";
import { loadActor } from "@/lib/server/data/users";
import { SafeError } from "@/lib/server/errors";
import type { Logger } from "@/lib/server/logger";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { pipelinesWithTrigger, startRunsForTrigger } from "@/lib/server/pipelines/runs";
import { getRuleById, getTrigger, type AutomationTriggerRecord } from "./data";
import { finishTrigger, keepTriggerLease, postponeTrigger, type TriggerOutcome } from "./leases";

export interface TriggerProcessing {
  db: Db;
  holder: string;
  leaseMs: number;
  log: Logger;
  /** Called after a deployment was queued (wakes this process's deploy worker). */
  onDeploymentQueued?: () => void;
}

/** How long a trigger whose environment is busy waits before it is tried again. */
export const BUSY_RETRY_MS = 10_000;
/** A trigger taken this often (its workers kept dying, or its environment stayed busy for over an hour) fails. */
const MAX_ATTEMPTS = 400;

class TriggerLeaseLost extends Error {}

export const autoDeployComment = (ruleId: string, image: string) => `Auto-deployment (rule ${ruleId}): ${image}`;

/**
 * Acts on a trigger the caller holds the lease of: re-checks the rule and its creator's right
 * to deploy, puts the new image into the environment's current set and deploys it (or starts
 * the app's automation_rule pipelines with that set) and records the outcome, all in one
 * transaction that also checks the lease. Returns the outcome, or undefined when another
 * worker has the trigger now or it was postponed.
 */
export async function processTrigger(opts: TriggerProcessing, triggerId: string): Promise<TriggerOutcome | undefined> {
  const trigger = await getTrigger(opts.db, triggerId);
  if (!trigger) return undefined;
  const scope = `${trigger.orgId}/apps/${trigger.appId}`;
  let queuedDeployment = false;
  try {
    const outcome = await writeTransaction(opts.db, scope, async (tx) => {
      if (!(await keepTriggerLease(tx, trigger.id, opts.holder, opts.leaseMs))) return undefined;
      const decided = trigger.attempts > MAX_ATTEMPTS ? { status: "failed" as const, message: `Gave up after ${MAX_ATTEMPTS} attempts` } : await act(opts.db, tx, trigger);
      // Lost meanwhile: roll back what was done, the holder now acts on it.
      if (!(await finishTrigger(tx, trigger.id, opts.holder, decided))) throw new TriggerLeaseLost();
      queuedDeployment = decided.status === "deployed";
      return decided;
    });
    if (queuedDeployment) opts.onDeploymentQueued?.();
    return outcome;
  } catch (err) {
    if (err instanceof TriggerLeaseLost) return undefined;
    return await writeTransaction(opts.db, scope, async (tx) => {
      if (err instanceof SafeError && err.code === "deployment-in-progress") {
        await postponeTrigger(tx, trigger.id, opts.holder, new Date(Date.now() + BUSY_RETRY_MS).toISOString(), `Waiting: ${err.message}`);
        return undefined;
      }
      // Only messages written for users are kept on the row (it is shown in the portal).
      if (!(err instanceof SafeError)) opts.log.error({ err, trigger: trigger.id }, "automation trigger failed");
      const failed = { status: "failed" as const, message: err instanceof SafeError ? err.message : "Internal error while acting on the rule (see the worker's log)" };
      return (await finishTrigger(tx, trigger.id, opts.holder, failed)) ? failed : undefined;
    });
  }
}

async function act(db: Db, tx: Tx, trigger: AutomationTriggerRecord): Promise<TriggerOutcome> {
  const { orgId, appId, envId } = trigger;
  const rule = await getRuleById(tx, trigger.ruleId);
  if (!rule || rule.orgId !== orgId) return { status: "skipped", message: "The rule was deleted" };
  if (!rule.active) return { status: "skipped", message: "The rule is paused" };
  const env = await getEnvironment(tx, orgId, appId, envId);
  if (!env) return { status: "skipped", message: `Environment "${appId}/${envId}" no longer exists` };
  const creator = await loadActor(tx, orgId, rule.createdBy);
  if (!creator) return { status: "skipped", message: "The rule's creator no longer exists or is disabled; a rule deploys on its creator's behalf" };
  const permission = { action: "env.deploy" as const, appId, envType: env.type };
  if (!can(creator, permission)) {
    return { status: "skipped", message: `The rule's creator ${creator.email} may no longer deploy to environment "${envId}" (type "${env.type}"): ${whyForbidden(creator, permission).replace(/\byou have\b/g, "they have")}` };
  }
  const current = await currentSetOf(tx, orgId, appId, env);
  if (!current?.set) return { status: "skipped", message: `Environment "${envId}" was never deployed: nothing runs ${trigger.artefactName} there yet` };
  const { delta, updates } = imageUpdateDelta(current.set, trigger.artefactName, trigger.image);
  if (updates.length === 0) return { status: "skipped", message: `No container in the current deployment of "${envId}" runs ${trigger.artefactName} other than ${trigger.image}` };
  const applied = applyDelta(current.set, delta as DeploymentDelta);
  if (!applied.ok) throw new SafeError("unprocessable", applied.errors.map((e) => `${e.location}: ${e.message}`).join("; "));
  await tx.insert(deploymentSets).values({ id: applied.id, orgId, content: applied.set as unknown as Record<string, unknown>, createdAt: new Date().toISOString() }).onConflictDoNothing();
  const comment = autoDeployComment(rule.id, trigger.image);
  const changed = updates.map((u) => `${u.workloadId}/${u.container}`).join(", ");
  const requestId = `automation-trigger/${trigger.id}`;
  const details = { automationRule: rule.id, trigger: trigger.id, artefactVersion: trigger.artefactVersionId, image: trigger.image, setId: applied.id, comment };

  if ((await pipelinesWithTrigger(tx, orgId, appId, "automation_rule")).length > 0) {
    const runIds = await startRunsForTrigger(tx, creator, { appId, trigger: "automation_rule", inputs: { env_id: envId, set_id: applied.id, comment }, requestId });
    await recordAudit(tx, { orgId, actorId: creator.userId, actorEmail: creator.email, action: "automation-rule.trigger", target: `app/${appId}/env/${envId}/rule/${rule.id}`, details: { ...details, pipelineRuns: runIds }, requestId });
    return { status: "pipeline", pipelineRunIds: runIds, message: `Started pipeline run(s) ${runIds.join(", ")} with ${trigger.image} in ${changed}` };
  }
  const deployed = await deployEnvironment.execute(tx, deployEnvironment.input.parse({ appId, envId, setId: applied.id, comment }), { db, actor: creator, requestId });
  await recordAudit(tx, { orgId, actorId: creator.userId, actorEmail: creator.email, action: deployEnvironment.name, target: `app/${appId}/env/${envId}/deploy/${deployed.id}`, details, requestId });
  return { status: "deployed", deploymentId: deployed.id, message: `Deployment ${deployed.id} runs ${trigger.image} in ${changed}` };
}
