import { handler } from "@/lib/server/api/route";
import { deleteEnvTypeRoute, getEnvTypeRoute, updateEnvTypeRoute } from "@/lib/server/api/routes/env-types";

export const GET = handler(getEnvTypeRoute);
export const PATCH = handler(updateEnvTypeRoute);
export const DELETE = handler(deleteEnvTypeRoute);
