import { handler } from "@/lib/server/api/route";
import { listEnvValueVersions } from "@/lib/server/api/routes/values";

export const GET = handler(listEnvValueVersions);
