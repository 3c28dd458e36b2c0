import { handler } from "@/lib/server/api/route";
import { archiveDeltaRoute } from "@/lib/server/api/routes/sets";

export const PUT = handler(archiveDeltaRoute);
