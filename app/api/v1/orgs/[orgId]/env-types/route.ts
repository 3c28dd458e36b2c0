import { handler } from "@/lib/server/api/route";
import { createEnvTypeRoute, listEnvTypesRoute } from "@/lib/server/api/routes/env-types";

export const GET = handler(listEnvTypesRoute);
export const POST = handler(createEnvTypeRoute);
