import { handler } from "@/lib/server/api/route";
import { diffSetsRoute } from "@/lib/server/api/routes/sets";

export const GET = handler(diffSetsRoute);
