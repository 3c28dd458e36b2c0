import { handler } from "@/lib/server/api/route";
import { listPipelineCriteriaRoute, createPipelineCriteriaRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineCriteriaRoute);
export const POST = handler(createPipelineCriteriaRoute);
