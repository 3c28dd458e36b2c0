import { handler } from "@/lib/server/api/route";
import { createAppValue, listAppValues } from "@/lib/server/api/routes/values";

export const GET = handler(listAppValues);
export const POST = handler(createAppValue);
