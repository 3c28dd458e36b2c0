import { handler } from "@/lib/server/api/route";
import { listDeltas } from "@/lib/server/api/routes/sets";

export const GET = handler(listDeltas);
