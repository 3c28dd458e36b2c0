import { handler } from "@/lib/server/api/route";
import { listDeployEvents } from "@/lib/server/api/routes/deploys";

export const GET = handler(listDeployEvents);
