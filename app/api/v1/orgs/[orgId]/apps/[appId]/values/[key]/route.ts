import { handler } from "@/lib/server/api/route";
import { deleteAppValue, patchAppValue, putAppValue } from "@/lib/server/api/routes/values";

export const PUT = handler(putAppValue);
export const PATCH = handler(patchAppValue);
export const DELETE = handler(deleteAppValue);
