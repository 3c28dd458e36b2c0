import { handler } from "@/lib/server/api/route";
import { createDriverRoute, listDriversRoute } from "@/lib/server/api/routes/drivers";

export const GET = handler(listDriversRoute);
export const POST = handler(createDriverRoute);
