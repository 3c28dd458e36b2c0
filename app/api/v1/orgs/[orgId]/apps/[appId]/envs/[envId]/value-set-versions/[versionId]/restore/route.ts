import { handler } from "@/lib/server/api/route";
import { restoreEnvValueVersion } from "@/lib/server/api/routes/values";

export const POST = handler(restoreEnvValueVersion);
