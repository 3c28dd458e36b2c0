import { handler } from "@/lib/server/api/route";
import { deletePipelineCriteriaRoute } from "@/lib/server/api/routes/pipelines";

export const DELETE = handler(deletePipelineCriteriaRoute);
