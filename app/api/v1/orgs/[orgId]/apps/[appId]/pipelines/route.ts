import { handler } from "@/lib/server/api/route";
import { listPipelinesRoute, createPipelineRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelinesRoute);
export const POST = handler(createPipelineRoute);
