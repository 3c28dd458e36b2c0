import { handler } from "@/lib/server/api/route";
import { getPipelineSchemaRoute } from "@/lib/server/api/routes/pipelines";

export const GET = handler(getPipelineSchemaRoute);
