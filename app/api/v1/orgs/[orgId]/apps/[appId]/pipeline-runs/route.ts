import { handler } from "@/lib/server/api/route";
import { createPipelineRunByTriggerRoute } from "@/lib/server/api/routes/pipelines";

export const POST = handler(createPipelineRunByTriggerRoute);
