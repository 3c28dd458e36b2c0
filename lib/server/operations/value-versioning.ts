import { randomUUID } from "node:crypto";
import type { Tx } from "@/db/client";
import { valueSetVersions } from "@/db/tables";
import { refreshSummariesAfterValueChange } from "@/lib/server/data/overview-summaries";
import { snapshotScope } from "@/lib/server/data/values";

/** After a change to a scope's values, records the new whole set as a version. */
export async function recordValueSetVersion(
  tx: Tx,
  v: { orgId: string; appId: string; envId: string; change: unknown[]; comment?: string; resultOf: string; sourceVersionId?: string; createdBy: string },
): Promise<string> {
  const id = randomUUID();
  await tx.insert(valueSetVersions)
    .values({
      id,
      orgId: v.orgId,
      appId: v.appId,
      envId: v.envId,
      values: (await snapshotScope(tx, v.orgId, v.appId, v.envId)),
      change: v.change,
      comment: v.comment ?? "",
      resultOf: v.resultOf,
      sourceVersionId: v.sourceVersionId ?? null,
      createdAt: new Date().toISOString(),
      createdBy: v.createdBy,
    });
  await refreshSummariesAfterValueChange(tx, v.orgId, v.appId, v.envId);
  return id;
}
