import { handler } from "@/lib/server/api/route";
import { createDeploy, listDeploys } from "@/lib/server/api/routes/deploys";

export const GET = handler(listDeploys);
export const POST = handler(createDeploy);
