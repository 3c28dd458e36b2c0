import { handler } from "@/lib/server/api/route";
import { getAppValueVersion } from "@/lib/server/api/routes/values";

export const GET = handler(getAppValueVersion);
