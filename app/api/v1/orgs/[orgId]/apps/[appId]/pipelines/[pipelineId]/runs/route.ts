import { handler } from "@/lib/server/api/route";
import { listPipelineRunsRoute, createPipelineRunRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineRunsRoute);
export const POST = handler(createPipelineRunRoute);
