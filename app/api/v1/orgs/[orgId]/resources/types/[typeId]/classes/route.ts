import { handler } from "@/lib/server/api/route";
import { createClassRoute } from "@/lib/server/api/routes/resource-classes";

export const POST = handler(createClassRoute);
