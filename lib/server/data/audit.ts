import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/tables";
import { currentRequestInfo } from "@/lib/server/request-context";

export interface AuditEntry {
  orgId: string;
  actorId: string;
  actorEmail: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
  requestId: string;
}

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const request = currentRequestInfo();
  await db.insert(auditLog)
    .values({
      ...entry,
      details: entry.details ?? {},
      at: new Date().toISOString(),
      ...(request ? { requestMethod: request.method, requestPath: request.path, responseStatus: request.status } : {}),
    });
}

/** Entries newest first, for the audit-logs API: a time window and keyset paging by id. */
export async function listAuditEntries(db: DbOrTx, orgId: string, opts: { from?: string; to?: string; beforeId?: number; limit: number }) {
  const where: SQL[] = [eq(auditLog.orgId, orgId)];
  if (opts.from) where.push(gte(auditLog.at, opts.from));
  if (opts.to) where.push(lte(auditLog.at, opts.to));
  if (opts.beforeId !== undefined) where.push(lt(auditLog.id, opts.beforeId));
  return await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

export async function listAudit(db: DbOrTx, orgId: string, opts: { limit?: number; offset?: number } = {}) {
  return await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .where(eq(auditLog.orgId, orgId))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0);
}
