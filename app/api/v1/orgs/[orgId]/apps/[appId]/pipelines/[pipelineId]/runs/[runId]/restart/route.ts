import { handler } from "@/lib/server/api/route";
import { restartPipelineRunRoute } from "@/lib/server/api/routes/pipelines";

export const POST = handler(restartPipelineRunRoute);
