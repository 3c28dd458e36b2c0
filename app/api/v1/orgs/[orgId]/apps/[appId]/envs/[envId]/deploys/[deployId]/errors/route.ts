import { handler } from "@/lib/server/api/route";
import { listDeployErrors } from "@/lib/server/api/routes/deploys";

export const GET = handler(listDeployErrors);
