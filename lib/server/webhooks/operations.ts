import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { webhooks } from "@/db/tables";
import { getApplication } from "@/lib/server/data/apps";
import { getConfig } from "@/lib/server/config";
import { EVENT_TYPES } from "@/lib/server/events/catalogue";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation, secretsOf, type OperationContext } from "@/lib/server/operations/operation";
import { appIdSchema, webhookIdSchema } from "@/lib/validation/ids";
import { checkWebhookUrl, parseAllowedHosts, parseWebhookUrl } from "./address";
import { deleteWebhookRows, getWebhook } from "./data";

/** The events an application's hook can subscribe to (application events happen before or after the app exists). */
export const WEBHOOK_TRIGGERS = EVENT_TYPES.filter((e) => e.scope !== "application").map((e) => ({ scope: e.scope, type: e.type }));

const triggerSchema = z.object({ scope: z.string(), type: z.string() }).refine((t) => WEBHOOK_TRIGGERS.some((w) => w.scope === t.scope && w.type === t.type), {
  message: `is not an event a webhook can subscribe to (${WEBHOOK_TRIGGERS.map((t) => `${t.scope}/${t.type}`).join(", ")})`,
});

// Baton sets these itself: a hook must not be able to forge the signature or break the framing.
const RESERVED_HEADER = /^(host|content-length|content-type|transfer-encoding|connection|user-agent|x-baton-.*)$/i;
const headersSchema = z.record(
  z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "is not a valid header name").refine((h) => !RESERVED_HEADER.test(h), "is set by Baton and cannot be overridden"),
  z.union([z.string(), z.number(), z.boolean()]).transform(String).refine((v) => !/[\r\n\0]/.test(v), "must not contain line breaks"),
);

const urlSchema = z.string({ error: "url is required" }).trim().min(1, "url is required").max(2000, "must be at most 2000 characters");
/** Write-only: signs deliveries, never shown again. */
const secretSchema = z.string().min(16, "must be at least 16 characters").max(256, "must be at most 256 characters");

const fields = {
  url: urlSchema,
  headers: headersSchema,
  payload: z.record(z.string(), z.unknown()),
  triggers: z.array(triggerSchema).max(20),
  disabled: z.boolean(),
};

export const createWebhookInput = z.object({
  appId: appIdSchema,
  id: webhookIdSchema.optional(),
  ...fields,
  headers: fields.headers.optional().default({}),
  payload: fields.payload.optional().default({}),
  triggers: fields.triggers.optional().default([]),
  disabled: fields.disabled.optional().default(false),
  secret: secretSchema.optional(),
});

export const updateWebhookInput = z.object({
  appId: appIdSchema,
  id: webhookIdSchema,
  url: fields.url.optional(),
  headers: fields.headers.optional(),
  payload: fields.payload.optional(),
  triggers: fields.triggers.optional(),
  disabled: fields.disabled.optional(),
  /** A new secret; null removes it (deliveries are then unsigned). */
  secret: secretSchema.nullable().optional(),
});

let allowedForTests: Set<string> | undefined;

/** The installation's allow-list (BATON_WEBHOOK_ALLOWED_HOSTS), read once per process. */
export function webhookAllowedHosts(): Set<string> {
  return allowedForTests ?? parseAllowedHosts(getConfig().BATON_WEBHOOK_ALLOWED_HOSTS);
}

/** Tests switch the allow-list without restarting the process; undefined goes back to the configuration. */
export function setWebhookAllowedHostsForTests(hosts: string[] | undefined): void {
  allowedForTests = hosts && new Set(hosts);
}

async function checkUrl(url: string | undefined): Promise<void> {
  if (url === undefined) return;
  const r = await checkWebhookUrl(url, webhookAllowedHosts());
  if (!r.ok) throw new SafeError("invalid", `url: ${r.message}`, { fields: [{ field: "url", message: r.message }] });
}

/** The URL as stored: normalised (https:// added when written without a protocol); `check` made sure it parses. */
const normalisedUrl = (url: string) => parseWebhookUrl(url)!.toString();

const encrypt = (ctx: OperationContext, secret: string | null | undefined) => (secret ? secretsOf(ctx).encrypt(secret) : null);

export const createWebhook = defineOperation({
  name: "webhook.create",
  input: createWebhookInput,
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  check: async (input) => await checkUrl(input.url),
  async execute(tx, input, ctx) {
    const orgId = ctx.actor.orgId;
    if (!(await getApplication(tx, orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    const id = input.id ?? `hook-${randomUUID().slice(0, 8)}`;
    if (await getWebhook(tx, orgId, input.appId, id)) throw new SafeError("conflict", `Application "${input.appId}" already has a webhook "${id}"`, { fields: [{ field: "id", message: "already exists" }] });
    await tx.insert(webhooks).values({
      orgId,
      appId: input.appId,
      id,
      url: normalisedUrl(input.url),
      headers: input.headers,
      payload: input.payload,
      triggers: input.triggers,
      disabled: input.disabled,
      secret: encrypt(ctx, input.secret),
      createdAt: new Date().toISOString(),
      createdBy: ctx.actor.userId,
    });
    return (await getWebhook(tx, orgId, input.appId, id))!;
  },
  // Never the URL (it may carry a token in its query), the headers or the secret: the audit log is readable by more people.
  audit: (input, r) => ({ target: `app/${input.appId}/webhook/${r.id}`, details: { triggers: r.triggers.map((t) => `${t.scope}/${t.type}`), signed: r.secret !== null } }),
});

export const updateWebhook = defineOperation({
  name: "webhook.update",
  input: updateWebhookInput,
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  check: async (input) => await checkUrl(input.url),
  async execute(tx, input, ctx) {
    const orgId = ctx.actor.orgId;
    if (!(await getWebhook(tx, orgId, input.appId, input.id))) throw notFound(`Webhook "${input.id}" of application "${input.appId}"`);
    const changes: Partial<typeof webhooks.$inferInsert> = {
      ...(input.url !== undefined ? { url: normalisedUrl(input.url) } : {}),
      ...(input.headers !== undefined ? { headers: input.headers } : {}),
      ...(input.payload !== undefined ? { payload: input.payload } : {}),
      ...(input.triggers !== undefined ? { triggers: input.triggers } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(input.secret !== undefined ? { secret: encrypt(ctx, input.secret) } : {}),
    };
    if (Object.keys(changes).length > 0) await tx.update(webhooks).set(changes).where(and(eq(webhooks.orgId, orgId), eq(webhooks.appId, input.appId), eq(webhooks.id, input.id)));
    return (await getWebhook(tx, orgId, input.appId, input.id))!;
  },
  audit: (input, r) => ({ target: `app/${input.appId}/webhook/${r.id}`, details: { changed: Object.keys(input).filter((k) => k !== "appId" && k !== "id" && input[k as keyof typeof input] !== undefined) } }),
});

export const deleteWebhook = defineOperation({
  name: "webhook.delete",
  input: z.object({ appId: appIdSchema, id: webhookIdSchema }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    if (!(await getWebhook(tx, ctx.actor.orgId, input.appId, input.id))) throw notFound(`Webhook "${input.id}" of application "${input.appId}"`);
    await deleteWebhookRows(tx, ctx.actor.orgId, input.appId, input.id);
    return { id: input.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/webhook/${input.id}` }),
});
