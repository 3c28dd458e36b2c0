import { handler } from "@/lib/server/api/route";
import { listPipelineStepLogsRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineStepLogsRoute);
