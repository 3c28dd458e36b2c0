import { handler } from "@/lib/server/api/route";
import { createDependencyGraphRoute } from "@/lib/server/api/routes/resource-graphs";

export const POST = handler(createDependencyGraphRoute);
