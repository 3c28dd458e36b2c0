import { handler } from "@/lib/server/api/route";
import { deleteActiveResourceRoute } from "@/lib/server/api/routes/active-resources";

export const DELETE = handler(deleteActiveResourceRoute);
