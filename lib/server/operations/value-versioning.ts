import { randomUUID } from "node:crypto";
import type { Tx } from "@/db/client";
import { valueSetVersions } from "@/db/schema";
import { refreshSummariesAfterValueChange } from "@/lib/server/data/overview-summaries";
import { snapshotScope } from "@/lib/server/data/values";

/** After a change to a scope's values, records the new whole set as a version. */
export function recordValueSetVersion(
  tx: Tx,
  v: { orgId: string; appId: string; envId: string; change: unknown[]; comment?: string; resultOf: string; sourceVersionId?: string; createdBy: string },
): string {
  const id = randomUUID();
  tx.insert(valueSetVersions)
    .values({
      id,
      orgId: v.orgId,
      appId: v.appId,
      envId: v.envId,
      values: snapshotScope(tx, v.orgId, v.appId, v.envId),
      change: v.change,
      comment: v.comment ?? "",
      resultOf: v.resultOf,
      sourceVersionId: v.sourceVersionId ?? null,
      createdAt: new Date().toISOString(),
      createdBy: v.createdBy,
    })
    .run();
  refreshSummariesAfterValueChange(tx, v.orgId, v.appId, v.envId);
  return id;
}
