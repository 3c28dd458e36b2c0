import { z } from "zod";
import { notFound } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { getWebhook, listDeliveries, listWebhooks } from "@/lib/server/webhooks/data";
import { createWebhook, deleteWebhook, updateWebhook } from "@/lib/server/webhooks/operations";
import { deliveryJson, webhookJson, webhookUpdateJson } from "@/lib/server/webhooks/shapes";
import { appParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { requireVisibleApp } from "./apps";

type Ctx = Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">;
const TAG = "Webhook";
// Humanitec names a webhook's id `jobId` in its paths.
const hookParams = appParams.extend({ jobId: z.string().min(1).describe("Webhook id") });

const trigger = z.object({ scope: z.string(), type: z.string() });
const webhookSchema = z
  .object({ id: z.string(), url: z.string().nullable(), headers: z.record(z.string(), z.unknown()), payload: z.record(z.string(), z.unknown()), triggers: z.array(trigger), disabled: z.boolean().nullable(), created_at: z.string(), created_by: z.string() })
  .meta({ id: "WebhookResponse" });
const updateSchema = z.object({ url: z.string().nullable(), headers: z.record(z.string(), z.unknown()), payload: z.record(z.string(), z.unknown()), triggers: z.array(trigger).nullable(), disabled: z.boolean().nullable() }).meta({ id: "WebhookUpdateResponse" });
const deliverySchema = z
  .looseObject({ id: z.string(), event: trigger, status: z.string(), attempts: z.number(), log: z.array(z.looseObject({ attempt: z.number(), at: z.string(), status_code: z.number().nullable(), error: z.string().nullable() })) })
  .meta({ id: "WebhookDelivery" });

/** Humanitec's WebhookRequest, plus Baton's write-only `secret` that signs deliveries. */
const requestBody = z
  .looseObject({
    id: z.string().optional(),
    url: z.string().optional(),
    headers: z.record(z.string(), z.unknown()).optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
    triggers: z.array(z.looseObject({ scope: z.string().optional(), type: z.string().optional() })).optional(),
    disabled: z.boolean().optional(),
    secret: z.string().nullable().optional().describe("HMAC-SHA256 key for X-Baton-Signature (write-only: never returned). null removes it"),
  })
  .meta({ id: "WebhookRequest" });

async function requireHook(ctx: Ctx, appId: string, id: string) {
  await requireVisibleApp(ctx, appId);
  const hook = await getWebhook(ctx.db, ctx.actor.orgId, appId, id);
  if (!hook) throw notFound(`Webhook "${id}" of application "${appId}"`);
  return hook;
}

export const listWebhooksRoute = defineRoute({
  operationId: "listWebhooks",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/webhooks",
  tag: TAG,
  summary: "The application's webhooks (their secrets are never returned)",
  params: appParams,
  success: { status: 200, description: "Webhooks", schema: z.array(webhookSchema) },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    return (await listWebhooks(ctx.db, ctx.actor.orgId, ctx.params.appId)).map(webhookJson);
  },
});

export const createWebhookRoute = defineRoute({
  operationId: "createWebhook",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/webhooks",
  tag: TAG,
  summary: "Create a webhook: a public https URL, the events that trigger it, and optionally a secret that signs its deliveries",
  params: appParams,
  body: requestBody,
  success: { status: 201, description: "The webhook", schema: webhookSchema },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const b = ctx.body;
    return webhookJson(await runOperation(createWebhook, { appId: ctx.params.appId, id: b.id, url: b.url, headers: b.headers, payload: b.payload, triggers: b.triggers, disabled: b.disabled, secret: b.secret ?? undefined }, operationContext(ctx)));
  },
});

export const getWebhookRoute = defineRoute({
  operationId: "getWebhook",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/webhooks/{jobId}",
  tag: TAG,
  summary: "A webhook",
  params: hookParams,
  success: { status: 200, description: "The webhook", schema: webhookSchema },
  errors: [404],
  handle: async (ctx) => webhookJson(await requireHook(ctx, ctx.params.appId, ctx.params.jobId)),
});

export const updateWebhookRoute = defineRoute({
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/webhooks/{jobId}",
  tag: TAG,
  summary: "Change a webhook: only the fields sent change (secret: a new one, or null for none)",
  params: hookParams,
  body: requestBody,
  success: { status: 200, description: "The webhook's changeable fields", schema: updateSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    const b = ctx.body;
    return webhookUpdateJson(await runOperation(updateWebhook, { appId: ctx.params.appId, id: ctx.params.jobId, url: b.url, headers: b.headers, payload: b.payload, triggers: b.triggers, disabled: b.disabled, secret: b.secret }, operationContext(ctx)));
  },
});

export const deleteWebhookRoute = defineRoute({
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/webhooks/{jobId}",
  tag: TAG,
  summary: "Delete a webhook and its delivery log",
  params: hookParams,
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async (ctx) => {
    await runOperation(deleteWebhook, { appId: ctx.params.appId, id: ctx.params.jobId }, operationContext(ctx));
  },
});

export const listWebhookDeliveriesRoute = defineRoute({
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/webhooks/{jobId}/deliveries",
  tag: TAG,
  summary: "Baton extension: a webhook's last 100 deliveries, newest first, with every attempt (status code, error, duration, the start of the answer)",
  params: hookParams,
  success: { status: 200, description: "Deliveries", schema: z.array(deliverySchema) },
  errors: [404],
  handle: async (ctx) => {
    await requireHook(ctx, ctx.params.appId, ctx.params.jobId);
    return (await listDeliveries(ctx.db, ctx.actor.orgId, ctx.params.appId, ctx.params.jobId)).map(deliveryJson);
  },
});
