import { handler } from "@/lib/server/api/route";
import { deleteAppJobsRoute } from "@/lib/server/api/routes/apps";

export const DELETE = handler(deleteAppJobsRoute);
