"use server";

import { runAction, type ActionResult } from "@/lib/server/actions/action-client";
import { createWebhook, deleteWebhook, updateWebhook } from "@/lib/server/webhooks/operations";
import { webhookJson } from "@/lib/server/webhooks/shapes";

/**
 * Thin: each mutation is the webhook operation the API calls. The operations return the stored
 * row, whose (encrypted) secret must not travel to the browser: the pages get the API shape.
 */
const shaped = (r: ActionResult<Parameters<typeof webhookJson>[0]>): ActionResult<ReturnType<typeof webhookJson>> => (r.ok ? { ok: true, data: webhookJson(r.data) } : r);

export async function createWebhookAction(input: unknown) {
  return shaped(await runAction(createWebhook, input));
}

export async function updateWebhookAction(input: unknown) {
  return shaped(await runAction(updateWebhook, input));
}

export async function deleteWebhookAction(input: unknown) {
  return runAction(deleteWebhook, input);
}
