import { handler } from "@/lib/server/api/route";
import { getPipelineApprovalRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineApprovalRoute);
