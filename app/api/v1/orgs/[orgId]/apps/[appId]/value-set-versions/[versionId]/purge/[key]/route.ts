import { handler } from "@/lib/server/api/route";
import { purgeAppValueVersionKey } from "@/lib/server/api/routes/values";

export const POST = handler(purgeAppValueVersionKey);
