import { handler } from "@/lib/server/api/route";
import { applyDeltaToSetRoute, getSetRoute } from "@/lib/server/api/routes/sets";

export const GET = handler(getSetRoute);
export const POST = handler(applyDeltaToSetRoute);
