import { handler } from "@/lib/server/api/route";
import { scoreDeploy } from "@/lib/server/api/routes/score-deploy";

export const POST = handler(scoreDeploy);
