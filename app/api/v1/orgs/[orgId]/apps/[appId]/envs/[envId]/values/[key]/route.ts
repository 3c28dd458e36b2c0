import { handler } from "@/lib/server/api/route";
import { deleteEnvValue, patchEnvValue, putEnvValue } from "@/lib/server/api/routes/values";

export const PUT = handler(putEnvValue);
export const PATCH = handler(patchEnvValue);
export const DELETE = handler(deleteEnvValue);
