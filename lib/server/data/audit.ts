import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditEntry {
  orgId: string;
  actorId: string;
  actorEmail: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
  requestId: string;
}

export function recordAudit(db: DbOrTx, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, details: entry.details ?? {}, at: new Date().toISOString() })
    .run();
}

export function listAudit(db: DbOrTx, orgId: string, opts: { limit?: number; offset?: number } = {}) {
  return db
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
    .offset(opts.offset ?? 0)
    .all();
}
