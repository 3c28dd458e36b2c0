import { handler } from "@/lib/server/api/route";
import { createDeltaRoute, listDeltas } from "@/lib/server/api/routes/sets";

export const GET = handler(listDeltas);
export const POST = handler(createDeltaRoute);
