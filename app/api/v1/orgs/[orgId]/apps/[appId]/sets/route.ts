import { handler } from "@/lib/server/api/route";
import { listSetsRoute } from "@/lib/server/api/routes/sets";

export const GET = handler(listSetsRoute);
