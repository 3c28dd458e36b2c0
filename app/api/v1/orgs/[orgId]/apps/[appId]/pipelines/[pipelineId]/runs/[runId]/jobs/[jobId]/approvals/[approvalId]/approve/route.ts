import { handler } from "@/lib/server/api/route";
import { approvePipelineApprovalRoute } from "@/lib/server/api/routes/pipelines";

export const POST = handler(approvePipelineApprovalRoute);
