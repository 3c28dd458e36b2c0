import { handler } from "@/lib/server/api/route";
import { createAppValue, deleteAllAppValues, listAppValues } from "@/lib/server/api/routes/values";

export const GET = handler(listAppValues);
export const POST = handler(createAppValue);
export const DELETE = handler(deleteAllAppValues);
