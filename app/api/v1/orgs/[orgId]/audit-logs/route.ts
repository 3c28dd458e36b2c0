import { handler } from "@/lib/server/api/route";
import { listAuditLogRoute } from "@/lib/server/api/routes/audit-logs";

export const GET = handler(listAuditLogRoute);
