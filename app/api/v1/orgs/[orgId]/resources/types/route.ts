import { handler } from "@/lib/server/api/route";
import { createType, listTypes } from "@/lib/server/api/routes/resource-types";

export const GET = handler(listTypes);
export const POST = handler(createType);
