import { handler } from "@/lib/server/api/route";
import { deleteEnv, getEnv, patchEnv } from "@/lib/server/api/routes/envs";

export const GET = handler(getEnv);
export const PATCH = handler(patchEnv);
export const DELETE = handler(deleteEnv);
