import { handler } from "@/lib/server/api/route";
import { putEnvPaused } from "@/lib/server/api/routes/runtime";

export const PUT = handler(putEnvPaused);
