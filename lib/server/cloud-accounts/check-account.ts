import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloudAccounts } from "@/db/tables";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { recordAudit } from "@/lib/server/data/audit";
import { SafeError, notFound } from "@/lib/server/errors";
import { checkKubernetesCluster, type ClusterCheckResult } from "./check-kubernetes";
import type { KubernetesCredentials } from "./credentials";

export type AccountCheckResult = ClusterCheckResult & { checkedAt: string };

/**
 * The "check" action (POST …/accounts/{id}/actions/check): for kubernetes accounts, calls the
 * cluster's /version with the stored credentials. Not an operation: it waits on the network,
 * outside any transaction; it leaves an audit entry with the outcome only.
 */
export async function checkCloudAccount(
  db: Db,
  box: SecretBox,
  actor: Actor,
  id: string,
  opts: { requestId: string; check?: (creds: KubernetesCredentials) => Promise<ClusterCheckResult> },
): Promise<AccountCheckResult> {
  requirePermission(actor, { action: "account.manage" });
  const row = await first(db.select().from(cloudAccounts).where(and(eq(cloudAccounts.orgId, actor.orgId), eq(cloudAccounts.id, id))));
  if (!row) throw notFound(`Cloud account "${id}"`);
  if (row.type !== "kubernetes") {
    throw new SafeError("unprocessable", `Checking is available for kubernetes accounts; "${id}" is of type ${row.type} and Baton does not call ${row.type} APIs`);
  }
  const creds = JSON.parse(box.decrypt(row.credentialsEnc)) as KubernetesCredentials;
  const result = await (opts.check ?? checkKubernetesCluster)(creds);
  await recordAudit(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: "account.check",
    target: `account/${id}`,
    details: result.ok ? { ok: true, version: result.version } : { ok: false, reason: result.reason },
    requestId: opts.requestId,
  });
  return { ...result, checkedAt: new Date().toISOString() };
}
