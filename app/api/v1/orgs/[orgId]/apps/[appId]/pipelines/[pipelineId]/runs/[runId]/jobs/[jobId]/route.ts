import { handler } from "@/lib/server/api/route";
import { getPipelineJobRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineJobRoute);
