import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deployments, environments, webhookDeliveries, webhooks } from "@/db/tables";
import { first } from "@/db/raw";

/**
 * The webhook outbox: an event of an application becomes one delivery row per enabled hook
 * subscribed to it, inserted by the caller inside the transaction that makes the event
 * happen (a deployment's status change, an environment created), so an event is delivered
 * if and only if it happened. The delivery worker (./worker) posts the rows.
 */

export interface WebhookEvent {
  orgId: string;
  appId: string;
  scope: "environment" | "deployment";
  type: string;
  /** The event's properties (lib/server/events/catalogue.ts): the variables of a hook's payload and headers. */
  properties: Record<string, string>;
}

const listeners = new Set<() => void>();

/** Calls `listener` when this process queued deliveries (its worker wakes at once; others poll). */
export function onDeliveryQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `${name}` in every string of a hook's payload or header values becomes the event's property. */
function render(value: unknown, properties: Record<string, string>): unknown {
  if (typeof value === "string") return value.replace(/\$\{([a-z_]+)\}/g, (whole, name: string) => (name in properties ? properties[name] : whole));
  if (Array.isArray(value)) return value.map((v) => render(v, properties));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, properties)]));
  return value;
}

const subscribed = (triggers: { scope: string; type: string }[], e: WebhookEvent) => triggers.some((t) => t.scope === e.scope && t.type === e.type);

/** Inserts the deliveries of `event` (inside the caller's transaction); returns how many. */
export async function enqueueWebhookEvent(tx: DbOrTx, event: WebhookEvent): Promise<number> {
  const hooks = (await tx
    .select({ id: webhooks.id, payload: webhooks.payload, headers: webhooks.headers, triggers: webhooks.triggers })
    .from(webhooks)
    .where(and(eq(webhooks.orgId, event.orgId), eq(webhooks.appId, event.appId), eq(webhooks.disabled, false))))
    .filter((h) => subscribed(h.triggers, event));
  const now = new Date().toISOString();
  for (const hook of hooks) {
    const id = randomUUID();
    // Without a payload of its own, a hook gets the event as Baton describes it.
    const body = Object.keys(hook.payload).length > 0 ? render(hook.payload, event.properties) : { id, scope: event.scope, type: event.type, occurred_at: now, ...event.properties };
    const headers = Object.fromEntries(Object.entries(render(hook.headers, event.properties) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    await tx.insert(webhookDeliveries).values({ id, orgId: event.orgId, appId: event.appId, webhookId: hook.id, scope: event.scope, type: event.type, body: JSON.stringify(body), headers, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now });
  }
  if (hooks.length > 0) setImmediate(() => listeners.forEach((l) => l()));
  return hooks.length;
}

/** The properties of an environment event. */
export function environmentEventProperties(env: { orgId: string; appId: string; envId: string; envType: string }, triggeredBy: string): Record<string, string> {
  return { org_id: env.orgId, app_id: env.appId, env_id: env.envId, env_type: env.envType, triggered_by: triggeredBy };
}

/**
 * A deployment started ("in progress") or finished ("succeeded", "failed"): the deliveries of
 * its application's hooks, inside the transaction of the status change. A plain read of the
 * hooks first, so a deployment of an application without hooks pays one indexed query.
 */
export async function enqueueDeploymentEvent(tx: DbOrTx, deploymentId: string, status: string): Promise<void> {
  const dep = await first(tx
    .select({ orgId: deployments.orgId, appId: deployments.appId, envId: deployments.envId, setId: deployments.setId, valueSetVersionId: deployments.valueSetVersionId, comment: deployments.comment, createdBy: deployments.createdBy })
    .from(deployments)
    .where(eq(deployments.id, deploymentId)));
  if (!dep) return;
  const any = await first(tx.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.orgId, dep.orgId), eq(webhooks.appId, dep.appId), eq(webhooks.disabled, false))).limit(1));
  if (!any) return;
  const env = await first(tx.select({ type: environments.type }).from(environments).where(and(eq(environments.orgId, dep.orgId), eq(environments.appId, dep.appId), eq(environments.id, dep.envId))));
  const properties = {
    ...environmentEventProperties({ orgId: dep.orgId, appId: dep.appId, envId: dep.envId, envType: env?.type ?? "" }, dep.createdBy),
    deploy_id: deploymentId,
    set_id: dep.setId,
    value_set_version_id: dep.valueSetVersionId ?? "",
    comment: dep.comment,
  };
  if (status === "in progress") await enqueueWebhookEvent(tx, { orgId: dep.orgId, appId: dep.appId, scope: "deployment", type: "started", properties });
  else await enqueueWebhookEvent(tx, { orgId: dep.orgId, appId: dep.appId, scope: "deployment", type: "finished", properties: { ...properties, status } });
}
