import { handler } from "@/lib/server/api/route";
import { promoteDefVersion } from "@/lib/server/api/routes/definitions";

export const POST = handler(promoteDefVersion);
