import { handler } from "@/lib/server/api/route";
import { getSetRoute } from "@/lib/server/api/routes/sets";

export const GET = handler(getSetRoute);
