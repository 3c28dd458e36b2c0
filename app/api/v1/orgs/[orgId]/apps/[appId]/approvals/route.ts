import { handler } from "@/lib/server/api/route";
import { listPipelineApprovalsRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(listPipelineApprovalsRoute);
