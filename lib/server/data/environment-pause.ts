import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { environments } from "@/db/tables";
import { SafeError } from "@/lib/server/errors";
import type { EnvironmentRecord } from "./apps";

/** Records (or clears, with `by: null`) that an environment is paused. */
export async function writeEnvironmentPaused(db: DbOrTx, orgId: string, appId: string, envId: string, by: string | null, now = new Date().toISOString()): Promise<void> {
  await db
    .update(environments)
    .set(by === null ? { pausedAt: null, pausedBy: null } : { pausedAt: now, pausedBy: by })
    .where(and(eq(environments.orgId, orgId), eq(environments.appId, appId), eq(environments.id, envId)));
}

/**
 * Humanitec's semantics: a paused environment takes no deployment until it is resumed, so a
 * deploy can never scale back up what someone deliberately scaled to zero (409).
 */
export function requireEnvironmentNotPaused(env: Pick<EnvironmentRecord, "appId" | "id" | "pausedAt" | "pausedBy">): void {
  if (!env.pausedAt) return;
  throw new SafeError("conflict", `Environment "${env.appId}/${env.id}" is paused (since ${env.pausedAt}${env.pausedBy ? ` by ${env.pausedBy}` : ""}); resume it before deploying`);
}
