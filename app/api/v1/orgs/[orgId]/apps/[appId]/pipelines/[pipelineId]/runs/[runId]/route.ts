import { handler } from "@/lib/server/api/route";
import { getPipelineRunRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineRunRoute);
