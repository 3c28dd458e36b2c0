import { handler } from "@/lib/server/api/route";
import { getDependencyGraphRoute } from "@/lib/server/api/routes/resource-graphs";

export const GET = handler(getDependencyGraphRoute);
