import { handler } from "@/lib/server/api/route";
import { cancelPipelineRunRoute } from "@/lib/server/api/routes/pipelines";

export const POST = handler(cancelPipelineRunRoute);
