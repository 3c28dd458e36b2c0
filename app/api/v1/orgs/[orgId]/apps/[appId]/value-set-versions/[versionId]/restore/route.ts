import { handler } from "@/lib/server/api/route";
import { restoreAppValueVersion } from "@/lib/server/api/routes/values";

export const POST = handler(restoreAppValueVersion);
