import { handler } from "@/lib/server/api/route";
import { getDriverRoute } from "@/lib/server/api/routes/drivers";

export const GET = handler(getDriverRoute);
