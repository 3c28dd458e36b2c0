import { handler } from "@/lib/server/api/route";
import { createEnvValue, deleteAllEnvValues, listEnvValues } from "@/lib/server/api/routes/values";

export const GET = handler(listEnvValues);
export const POST = handler(createEnvValue);
export const DELETE = handler(deleteAllEnvValues);
