import { handler } from "@/lib/server/api/route";
import { deleteEnvTypeRoute, getEnvTypeRoute } from "@/lib/server/api/routes/env-types";

export const GET = handler(getEnvTypeRoute);
export const DELETE = handler(deleteEnvTypeRoute);
