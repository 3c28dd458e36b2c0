import { z } from "zod";
import { auditLog } from "@/db/tables";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { listAuditEntries } from "@/lib/server/data/audit";
import { SafeError } from "@/lib/server/errors";
import { pageOfKeyset, paginationQuery, tokenOfAnotherList } from "../pagination";
import { orgParams } from "../params";
import { defineRoute } from "../route";

const entrySchema = z
  .object({
    at: z.string().describe("When the change was made (RFC 3339)"),
    org_id: z.string(),
    user_id: z.string(),
    request_method: z.string().describe("Empty for entries recorded before Baton kept requests"),
    request_path: z.string().describe("API path, or portal:<operation> for changes made in the portal"),
    response_status: z.number().int(),
    action: z.string().describe("Baton's operation name, e.g. deployment.create"),
    target: z.string(),
    actor_email: z.string(),
    request_id: z.string(),
  })
  .meta({ id: "AuditLogEntry" });

const when = (name: string) =>
  z
    .string()
    .datetime({ offset: true, error: `${name} must be an RFC 3339 date-time such as 2026-12-06T10:00:00Z` })
    .optional()
    .transform((v) => (v ? new Date(v).toISOString() : undefined));

function entryJson(row: typeof auditLog.$inferSelect): z.input<typeof entrySchema> {
  return {
    at: row.at,
    org_id: row.orgId,
    user_id: row.actorId,
    request_method: row.requestMethod ?? "",
    request_path: row.requestPath ?? "",
    response_status: row.responseStatus ?? 0,
    action: row.action,
    target: row.target,
    actor_email: row.actorEmail,
    request_id: row.requestId,
  };
}

export const listAuditLogRoute = defineRoute({
  operationId: "listAuditLogEntries",
  method: "GET",
  path: "/orgs/{orgId}/audit-logs",
  tag: "AuditLogs",
  summary: "The organisation's audit log, newest first, optionally within [from, to] (administrators and managers)",
  params: orgParams,
  query: paginationQuery.extend({ from: when("from"), to: when("to") }),
  success: { status: 200, description: "Audit entries", schema: z.array(entrySchema), paginated: true },
  errors: [400],
  handle: async ({ db, actor, query, page }) => {
    requirePermission(actor, { action: "audit.view" });
    if (page.offset > 0) throw tokenOfAnotherList();
    const beforeId = page.after ? Number(page.after[0]) : undefined;
    if (beforeId !== undefined && !Number.isInteger(beforeId)) throw tokenOfAnotherList();
    if (query.from && query.to && query.from > query.to) throw new SafeError("invalid", "from must not be after to", { fields: [{ field: "from", message: "after to" }] });
    const rows = await listAuditEntries(db, actor.orgId, { from: query.from, to: query.to, beforeId, limit: page.perPage + 1 });
    const fetched = pageOfKeyset(rows, page, (r) => [String(r.id)]);
    return { ...fetched, items: fetched.items.map(entryJson) };
  },
});
