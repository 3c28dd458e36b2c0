import { handler } from "@/lib/server/api/route";
import { purgeEnvValueVersionKey } from "@/lib/server/api/routes/values";

export const POST = handler(purgeEnvValueVersionKey);
