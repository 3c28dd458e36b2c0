import { handler } from "@/lib/server/api/route";
import { listClassesRoute } from "@/lib/server/api/routes/resource-classes";

export const GET = handler(listClassesRoute);
