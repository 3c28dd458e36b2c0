import { handler } from "@/lib/server/api/route";
import { deleteClassRoute, getClassRoute, updateClassRoute } from "@/lib/server/api/routes/resource-classes";

export const GET = handler(getClassRoute);
export const PATCH = handler(updateClassRoute);
export const DELETE = handler(deleteClassRoute);
