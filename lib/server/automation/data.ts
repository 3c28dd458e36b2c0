import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { first, isPostgres, rawRun } from "@/db/raw";
import { sql } from "drizzle-orm";
import { automationRules, automationTriggers } from "@/db/tables";
import { ruleMatches } from "@/lib/engine/automation";
import { imageReferenceOf, type ArtefactVersionRecord } from "@/lib/server/artefacts/data";

export type AutomationRuleRecord = typeof automationRules.$inferSelect;
export type AutomationTriggerRecord = typeof automationTriggers.$inferSelect;
export type TriggerStatus = AutomationTriggerRecord["status"];

/** The PostgreSQL channel on which a queued trigger is announced, so that idle workers wake at once. */
export const AUTOMATION_CHANNEL = "baton_automation_triggers";

export async function listRules(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<AutomationRuleRecord[]> {
  return await db.select().from(automationRules)
    .where(and(eq(automationRules.orgId, orgId), eq(automationRules.appId, appId), eq(automationRules.envId, envId)))
    .orderBy(asc(automationRules.createdAt), asc(automationRules.id));
}

export async function getRule(db: DbOrTx, orgId: string, appId: string, envId: string, ruleId: string): Promise<AutomationRuleRecord | undefined> {
  return await first(db.select().from(automationRules)
    .where(and(eq(automationRules.orgId, orgId), eq(automationRules.appId, appId), eq(automationRules.envId, envId), eq(automationRules.id, ruleId))));
}

export async function getRuleById(db: DbOrTx, ruleId: string): Promise<AutomationRuleRecord | undefined> {
  return await first(db.select().from(automationRules).where(eq(automationRules.id, ruleId)));
}

/** The latest triggers of each rule, newest first (`perRule` of each). */
export async function recentTriggers(db: DbOrTx, orgId: string, ruleIds: string[], perRule = 10): Promise<Map<string, AutomationTriggerRecord[]>> {
  const out = new Map<string, AutomationTriggerRecord[]>(ruleIds.map((id) => [id, []]));
  if (ruleIds.length === 0) return out;
  const rows = await db.select().from(automationTriggers)
    .where(and(eq(automationTriggers.orgId, orgId), inArray(automationTriggers.ruleId, ruleIds)))
    .orderBy(desc(automationTriggers.createdAt), desc(automationTriggers.id))
    .limit(perRule * ruleIds.length * 2);
  for (const r of rows) {
    const list = out.get(r.ruleId)!;
    if (list.length < perRule) list.push(r);
  }
  return out;
}

export async function getTrigger(db: DbOrTx, triggerId: string): Promise<AutomationTriggerRecord | undefined> {
  return await first(db.select().from(automationTriggers).where(eq(automationTriggers.id, triggerId)));
}

const listeners = new Set<() => void>();

/** Calls `listener` whenever this process queues a trigger; returns the unsubscribe. */
export function onQueuedTrigger(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The outbox write: inside the transaction that registers `version`, one queued trigger per
 * active rule of the organisation that the version matches. Only container images fire rules
 * (a rule updates images). Returns the triggers queued.
 */
export async function queueTriggersFor(tx: DbOrTx, orgId: string, version: ArtefactVersionRecord): Promise<string[]> {
  if (version.type !== "container") return [];
  const rules = await tx.select().from(automationRules).where(and(eq(automationRules.orgId, orgId), eq(automationRules.active, true)));
  const now = new Date().toISOString();
  const image = imageReferenceOf(version);
  const ids: string[] = [];
  for (const rule of rules.filter((r) => ruleMatches(r, version))) {
    const id = randomUUID();
    await tx.insert(automationTriggers).values({ id, orgId, ruleId: rule.id, appId: rule.appId, envId: rule.envId, artefactVersionId: version.id, artefactName: version.name, image, ref: version.ref, status: "queued", createdAt: now });
    ids.push(id);
  }
  if (ids.length > 0) {
    if (isPostgres(tx)) await rawRun(tx, sql`SELECT pg_notify(${AUTOMATION_CHANNEL}, ${orgId})`);
    // This process's worker looks at once (an early look before the commit only costs a query).
    setImmediate(() => listeners.forEach((l) => l()));
  }
  return ids;
}

/** Removes the rules (and their triggers) of an application, or of one of its environments, being deleted. */
export async function deleteRulesOf(tx: DbOrTx, orgId: string, appId: string, envId?: string): Promise<void> {
  const scope = (t: typeof automationRules | typeof automationTriggers) => and(eq(t.orgId, orgId), eq(t.appId, appId), ...(envId === undefined ? [] : [eq(t.envId, envId)]));
  await tx.delete(automationTriggers).where(scope(automationTriggers));
  await tx.delete(automationRules).where(scope(automationRules));
}
