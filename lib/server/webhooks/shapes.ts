import type { DeliveryWithAttempts, WebhookRecord } from "./data";

/**
 * Humanitec's WebhookResponse. The secret is deliberately absent: Humanitec's model has no
 * secret at all, and Baton's is write-only (it only signs deliveries), so a response, a page
 * or a log line can never show it.
 */
export function webhookJson(w: WebhookRecord) {
  return { id: w.id, url: w.url, headers: w.headers, payload: w.payload, triggers: w.triggers, disabled: w.disabled, created_at: w.createdAt, created_by: w.createdBy };
}

/** Humanitec's WebhookUpdateResponse: the fields a PATCH can change. */
export function webhookUpdateJson(w: WebhookRecord) {
  return { url: w.url, headers: w.headers, payload: w.payload, triggers: w.triggers, disabled: w.disabled };
}

/** Baton's delivery log (no Humanitec counterpart): the event, its status and every attempt. */
export function deliveryJson(d: DeliveryWithAttempts) {
  return {
    id: d.id,
    event: { scope: d.scope, type: d.type },
    status: d.status,
    attempts: d.attempts,
    created_at: d.createdAt,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt : null,
    finished_at: d.finishedAt,
    log: d.log.map((a) => ({ attempt: a.attempt, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs, response: a.response })),
  };
}
