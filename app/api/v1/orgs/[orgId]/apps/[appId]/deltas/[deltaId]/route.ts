import { handler } from "@/lib/server/api/route";
import { getDelta } from "@/lib/server/api/routes/sets";

export const GET = handler(getDelta);
