import { handler } from "@/lib/server/api/route";
import { listPipelineVersionsRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineVersionsRoute);
