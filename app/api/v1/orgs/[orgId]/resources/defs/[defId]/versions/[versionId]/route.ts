import { handler } from "@/lib/server/api/route";
import { getDefVersion } from "@/lib/server/api/routes/definitions";

export const GET = handler(getDefVersion);
