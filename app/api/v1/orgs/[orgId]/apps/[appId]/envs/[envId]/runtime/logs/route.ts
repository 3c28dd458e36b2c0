import { handler } from "@/lib/server/api/route";
import { getEnvLogs } from "@/lib/server/api/routes/runtime";

export const GET = handler(getEnvLogs);
