import { handler } from "@/lib/server/api/route";
import { deleteDef, getDef, patchDef, putDef } from "@/lib/server/api/routes/definitions";

export const GET = handler(getDef);
export const PUT = handler(putDef);
export const PATCH = handler(patchDef);
export const DELETE = handler(deleteDef);
