import { handler } from "@/lib/server/api/route";
import { getPipelineRoute, updatePipelineRoute, deletePipelineRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineRoute);
export const PATCH = handler(updatePipelineRoute);
export const DELETE = handler(deletePipelineRoute);
