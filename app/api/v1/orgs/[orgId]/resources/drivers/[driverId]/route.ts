import { handler } from "@/lib/server/api/route";
import { deleteDriverRoute, getDriverRoute, updateDriverRoute } from "@/lib/server/api/routes/drivers";

export const GET = handler(getDriverRoute);
export const PUT = handler(updateDriverRoute);
export const DELETE = handler(deleteDriverRoute);
