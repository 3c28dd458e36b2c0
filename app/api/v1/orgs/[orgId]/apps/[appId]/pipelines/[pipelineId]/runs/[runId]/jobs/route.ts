import { handler } from "@/lib/server/api/route";
import { listPipelineJobsRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineJobsRoute);
