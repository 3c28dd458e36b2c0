import { handler } from "@/lib/server/api/route";
import { listDefResources } from "@/lib/server/api/routes/definitions";

export const GET = handler(listDefResources);
