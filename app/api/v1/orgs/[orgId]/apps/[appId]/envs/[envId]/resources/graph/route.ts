import { handler } from "@/lib/server/api/route";
import { queryResourceGraphRoute } from "@/lib/server/api/routes/resource-graphs";

export const POST = handler(queryResourceGraphRoute);
