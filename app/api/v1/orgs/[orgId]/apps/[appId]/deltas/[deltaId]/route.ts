import { handler } from "@/lib/server/api/route";
import { getDelta, patchDeltaRoute, putDeltaRoute } from "@/lib/server/api/routes/sets";

export const GET = handler(getDelta);
export const PATCH = handler(patchDeltaRoute);
export const PUT = handler(putDeltaRoute);
