import { handler } from "@/lib/server/api/route";
import { restoreEnvValueVersionKey } from "@/lib/server/api/routes/values";

export const POST = handler(restoreEnvValueVersionKey);
