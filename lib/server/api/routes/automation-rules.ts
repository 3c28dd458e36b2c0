import { z } from "zod";
import { getRule, listRules } from "@/lib/server/automation/data";
import { automationRuleBody, createAutomationRule, deleteAutomationRule, replaceAutomationRule } from "@/lib/server/automation/operations";
import { automationRuleShape } from "@/lib/server/automation/shapes";
import { notFound } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { envParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { requireVisibleEnv } from "./envs";

const TAG = "AutomationRule";

const ruleSchema = z
  .object({
    id: z.string(),
    active: z.boolean(),
    type: z.string(),
    update_to: z.string(),
    artefacts_filter: z.array(z.string()),
    exclude_artefacts_filter: z.boolean(),
    images_filter: z.array(z.string()).describe("Deprecated: the same as artefacts_filter"),
    exclude_images_filter: z.boolean().describe("Deprecated: the same as exclude_artefacts_filter"),
    match: z.string().describe("Deprecated: always empty"),
    match_ref: z.string().describe("Go (RE2) regular expression on the ref of a new version; unanchored; empty matches every ref"),
    created_at: z.string(),
    created_by: z.string().describe("Baton: the user the rule deploys for (while they may deploy to the environment)"),
    updated_at: z.string(),
  })
  .meta({ id: "AutomationRuleResponse" });

const ruleParams = envParams.extend({ ruleId: z.string().min(1).describe("Automation rule id") });

export const listAutomationRulesRoute = defineRoute({
  operationId: "listAutomationRules",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/rules",
  tag: TAG,
  summary: "List the automation rules of an environment",
  params: envParams,
  success: { status: 200, description: "The rules, oldest first", schema: z.array(ruleSchema) },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleEnv(ctx, ctx.params.appId, ctx.params.envId);
    return (await listRules(ctx.db, ctx.actor.orgId, ctx.params.appId, ctx.params.envId)).map(automationRuleShape);
  },
});

export const createAutomationRuleRoute = defineRoute({
  operationId: "createAutomationRule",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/rules",
  tag: TAG,
  summary: "Create an automation rule: deploy new versions of matching images to this environment (needs deploy rights on its type)",
  params: envParams,
  body: automationRuleBody,
  success: { status: 201, description: "The rule", schema: ruleSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    await requireVisibleEnv(ctx, ctx.params.appId, ctx.params.envId);
    return automationRuleShape(await runOperation(createAutomationRule, { appId: ctx.params.appId, envId: ctx.params.envId, rule: ctx.body }, operationContext(ctx)));
  },
});

export const getAutomationRuleRoute = defineRoute({
  operationId: "getAutomationRule",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}",
  tag: TAG,
  summary: "Get an automation rule",
  params: ruleParams,
  success: { status: 200, description: "The rule", schema: ruleSchema },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId, ruleId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const rule = await getRule(ctx.db, ctx.actor.orgId, appId, envId, ruleId);
    if (!rule) throw notFound(`Automation rule "${ruleId}" of environment "${appId}/${envId}"`);
    return automationRuleShape(rule);
  },
});

export const updateAutomationRuleRoute = defineRoute({
  operationId: "updateAutomationRule",
  method: "PUT",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}",
  tag: TAG,
  summary: "Replace an automation rule (it then deploys on behalf of whoever replaced it)",
  params: ruleParams,
  body: automationRuleBody,
  success: { status: 200, description: "The rule", schema: ruleSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    const { appId, envId, ruleId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    return automationRuleShape(await runOperation(replaceAutomationRule, { appId, envId, ruleId, rule: ctx.body }, operationContext(ctx)));
  },
});

export const deleteAutomationRuleRoute = defineRoute({
  operationId: "deleteAutomationRule",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}",
  tag: TAG,
  summary: "Delete an automation rule",
  params: ruleParams,
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId, ruleId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    await runOperation(deleteAutomationRule, { appId, envId, ruleId }, operationContext(ctx));
  },
});
