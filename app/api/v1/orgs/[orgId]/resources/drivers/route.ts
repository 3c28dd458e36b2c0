import { handler } from "@/lib/server/api/route";
import { listDriversRoute } from "@/lib/server/api/routes/drivers";

export const GET = handler(listDriversRoute);
