import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { first } from "@/db/raw";
import { webhookDeliveries, webhookDeliveryAttempts, webhooks } from "@/db/tables";

/** A webhook as the server knows it; `secret` is the ciphertext and stays on the server. */
export type WebhookRecord = typeof webhooks.$inferSelect;

const byApp = (orgId: string, appId: string) => and(eq(webhooks.orgId, orgId), eq(webhooks.appId, appId));

export async function listWebhooks(db: DbOrTx, orgId: string, appId: string): Promise<WebhookRecord[]> {
  return await db.select().from(webhooks).where(byApp(orgId, appId)).orderBy(webhooks.createdAt, webhooks.id);
}

export async function getWebhook(db: DbOrTx, orgId: string, appId: string, id: string): Promise<WebhookRecord | undefined> {
  return await first(db.select().from(webhooks).where(and(byApp(orgId, appId), eq(webhooks.id, id))));
}

/** A hook's deliveries and their attempts, newest first; `body` left out (the log is about what happened). */
export async function listDeliveries(db: DbOrTx, orgId: string, appId: string, webhookId: string, limit = 100) {
  const rows = await db
    .select({ id: webhookDeliveries.id, scope: webhookDeliveries.scope, type: webhookDeliveries.type, status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, nextAttemptAt: webhookDeliveries.nextAttemptAt, createdAt: webhookDeliveries.createdAt, finishedAt: webhookDeliveries.finishedAt })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.appId, appId), eq(webhookDeliveries.webhookId, webhookId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  const attempts = rows.length === 0 ? [] : await db.select().from(webhookDeliveryAttempts).where(inArray(webhookDeliveryAttempts.deliveryId, rows.map((r) => r.id))).orderBy(webhookDeliveryAttempts.attempt);
  return rows.map((r) => ({ ...r, log: attempts.filter((a) => a.deliveryId === r.id) }));
}

export type DeliveryWithAttempts = Awaited<ReturnType<typeof listDeliveries>>[number];

/** A hook and its delivery log (attempts cascade). */
export async function deleteWebhookRows(tx: DbOrTx, orgId: string, appId: string, id?: string): Promise<void> {
  const deliveries = and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.appId, appId), ...(id ? [eq(webhookDeliveries.webhookId, id)] : []));
  await tx.delete(webhookDeliveries).where(deliveries);
  await tx.delete(webhooks).where(and(byApp(orgId, appId), ...(id ? [eq(webhooks.id, id)] : [])));
}
