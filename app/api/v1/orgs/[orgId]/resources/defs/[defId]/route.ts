import { handler } from "@/lib/server/api/route";
import { deleteDef, getDef, putDef } from "@/lib/server/api/routes/definitions";

export const GET = handler(getDef);
export const PUT = handler(putDef);
export const DELETE = handler(deleteDef);
