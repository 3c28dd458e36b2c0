import { handler } from "@/lib/server/api/route";
import { denyPipelineApprovalRoute } from "@/lib/server/api/routes/pipelines";

export const POST = handler(denyPipelineApprovalRoute);
