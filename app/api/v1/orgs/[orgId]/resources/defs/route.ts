import { handler } from "@/lib/server/api/route";
import { createDef, listDefs } from "@/lib/server/api/routes/definitions";

export const GET = handler(listDefs);
export const POST = handler(createDef);
