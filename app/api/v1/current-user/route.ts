import { handler } from "@/lib/server/api/route";
import { currentUser, updateCurrentUserRoute } from "@/lib/server/api/routes/current-user";

export const GET = handler(currentUser);
export const PATCH = handler(updateCurrentUserRoute);
