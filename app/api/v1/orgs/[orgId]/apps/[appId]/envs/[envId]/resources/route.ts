import { handler } from "@/lib/server/api/route";
import { listActiveResources } from "@/lib/server/api/routes/active-resources";

export const GET = handler(listActiveResources);
