import { handler } from "@/lib/server/api/route";
import { restoreAppValueVersionKey } from "@/lib/server/api/routes/values";

export const POST = handler(restoreAppValueVersionKey);
