import { handler } from "@/lib/server/api/route";
import { getPipelineDefinitionRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineDefinitionRoute);
