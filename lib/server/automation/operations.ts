import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { automationRules, automationTriggers } from "@/db/tables";
import { compileRefPattern } from "@/lib/engine/automation";
import { getEnvironment } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation, type OperationContext } from "@/lib/server/operations/operation";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { getRule, type AutomationRuleRecord } from "./data";

/** Humanitec's AutomationRuleRequest, in the names of its JSON fields. */
export const automationRuleBody = z.object({
  active: z.boolean({ error: "active must be true or false" }).optional().default(true),
  type: z.literal("update", { error: 'type must be "update" (the only kind of rule)' }),
  update_to: z.enum(["branch", "tag"], { error: 'update_to must be "branch" or "tag"' }).optional().default("branch"),
  artefacts_filter: z.array(z.string().trim().min(1, "an artefact name is required").max(300), { error: "artefacts_filter must be a list of artefact names" }).max(100).optional(),
  exclude_artefacts_filter: z.boolean({ error: "exclude_artefacts_filter must be true or false" }).optional(),
  /** Deprecated names Humanitec still accepts for the filter. */
  images_filter: z.array(z.string().trim().min(1).max(300), { error: "images_filter must be a list of image names" }).max(100).optional(),
  exclude_images_filter: z.boolean({ error: "exclude_images_filter must be true or false" }).optional(),
  match_ref: z.string().max(500, "match_ref must be at most 500 characters").optional().default(""),
  /** Deprecated (a pattern on the branch or tag name): refused with a pointer to match_ref. */
  match: z.string().optional(),
});

const unprocessable = (field: string, message: string) => new SafeError("unprocessable", `${field}: ${message}`, { fields: [{ field, message }] });

const ruleTarget = z.object({ appId: appIdSchema, envId: envIdSchema });
const ruleId = z.string().min(1, "ruleId is required").max(100);

/** A rule deploys to its environment, so managing one takes what deploying there takes. */
async function deployPermission(input: { appId: string; envId: string }, { db, actor }: OperationContext) {
  return { action: "env.deploy" as const, appId: input.appId, envType: (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "" };
}

async function requireEnv(tx: Tx, ctx: OperationContext, input: { appId: string; envId: string }) {
  if (!(await getEnvironment(tx, ctx.actor.orgId, input.appId, input.envId))) throw notFound(`Environment "${input.envId}" of application "${input.appId}"`);
}

async function requireRule(tx: Tx, ctx: OperationContext, input: { appId: string; envId: string; ruleId: string }) {
  const rule = await getRule(tx, ctx.actor.orgId, input.appId, input.envId, input.ruleId);
  if (!rule) throw notFound(`Automation rule "${input.ruleId}" of environment "${input.appId}/${input.envId}"`);
  return rule;
}

/** The columns of a rule from a checked body; an invalid match_ref is refused naming the field and where. */
function columnsOf(body: z.infer<typeof automationRuleBody>) {
  // Humanitec refuses a payload mixing the deprecated names with the current ones.
  if (body.images_filter && body.artefacts_filter) throw unprocessable("images_filter", "give artefacts_filter or the deprecated images_filter, not both");
  if (body.exclude_images_filter !== undefined && body.exclude_artefacts_filter !== undefined) throw unprocessable("exclude_images_filter", "give exclude_artefacts_filter or the deprecated exclude_images_filter, not both");
  if (body.match) throw unprocessable("match", "match is deprecated and not supported; give a regular expression on the whole ref in match_ref, e.g. ^refs/heads/main$");
  const pattern = compileRefPattern(body.match_ref);
  if (!pattern.ok) throw unprocessable("match_ref", `${pattern.message} (at character ${pattern.position})`);
  return {
    active: body.active,
    type: body.type,
    updateTo: body.update_to,
    artefactsFilter: body.artefacts_filter ?? body.images_filter ?? [],
    excludeArtefactsFilter: body.exclude_artefacts_filter ?? body.exclude_images_filter ?? false,
    matchRef: body.match_ref,
  };
}

export const createAutomationRule = defineOperation({
  name: "automation-rule.create",
  input: ruleTarget.extend({ rule: automationRuleBody }),
  permission: deployPermission,
  async execute(tx, input, ctx): Promise<AutomationRuleRecord> {
    await requireEnv(tx, ctx, input);
    const now = new Date().toISOString();
    const id = randomUUID();
    await tx.insert(automationRules).values({ id, orgId: ctx.actor.orgId, appId: input.appId, envId: input.envId, ...columnsOf(input.rule), createdAt: now, createdBy: ctx.actor.userId, updatedAt: now });
    return (await getRule(tx, ctx.actor.orgId, input.appId, input.envId, id))!;
  },
  audit: (input, r) => ({ target: `app/${input.appId}/env/${input.envId}/rule/${r.id}`, details: { active: r.active, matchRef: r.matchRef, artefactsFilter: r.artefactsFilter } }),
});

/**
 * Replaces a rule (Humanitec's PUT). Whoever replaces it becomes the user it deploys for: the
 * rule must never deploy with rights its editor does not have.
 */
export const replaceAutomationRule = defineOperation({
  name: "automation-rule.replace",
  input: ruleTarget.extend({ ruleId, rule: automationRuleBody }),
  permission: deployPermission,
  async execute(tx, input, ctx): Promise<AutomationRuleRecord> {
    const rule = await requireRule(tx, ctx, input);
    await tx.update(automationRules).set({ ...columnsOf(input.rule), createdBy: ctx.actor.userId, updatedAt: new Date().toISOString() }).where(eq(automationRules.id, rule.id));
    return (await getRule(tx, ctx.actor.orgId, input.appId, input.envId, rule.id))!;
  },
  audit: (input, r) => ({ target: `app/${input.appId}/env/${input.envId}/rule/${r.id}`, details: { active: r.active, matchRef: r.matchRef, artefactsFilter: r.artefactsFilter } }),
});

/** Pauses or resumes a rule (the portal's switch); the rule keeps its creator. */
export const setAutomationRuleActive = defineOperation({
  name: "automation-rule.set-active",
  input: ruleTarget.extend({ ruleId, active: z.boolean({ error: "active must be true or false" }) }),
  permission: deployPermission,
  async execute(tx, input, ctx): Promise<AutomationRuleRecord> {
    const rule = await requireRule(tx, ctx, input);
    await tx.update(automationRules).set({ active: input.active, updatedAt: new Date().toISOString() }).where(eq(automationRules.id, rule.id));
    return (await getRule(tx, ctx.actor.orgId, input.appId, input.envId, rule.id))!;
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.envId}/rule/${input.ruleId}`, details: { active: input.active } }),
});

export const deleteAutomationRule = defineOperation({
  name: "automation-rule.delete",
  input: ruleTarget.extend({ ruleId }),
  permission: deployPermission,
  async execute(tx, input, ctx): Promise<{ id: string }> {
    const rule = await requireRule(tx, ctx, input);
    await tx.delete(automationRules).where(eq(automationRules.id, rule.id));
    // Its triggers go with it: a worker holding one finds it gone and does nothing.
    await tx.delete(automationTriggers).where(and(eq(automationTriggers.ruleId, rule.id), eq(automationTriggers.orgId, ctx.actor.orgId)));
    return { id: rule.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.envId}/rule/${input.ruleId}` }),
});
