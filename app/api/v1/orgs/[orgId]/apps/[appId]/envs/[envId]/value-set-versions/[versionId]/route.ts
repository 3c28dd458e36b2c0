import { handler } from "@/lib/server/api/route";
import { getEnvValueVersion } from "@/lib/server/api/routes/values";

export const GET = handler(getEnvValueVersion);
