import { handler } from "@/lib/server/api/route";
import { getToken, revokeToken } from "@/lib/server/api/routes/tokens";

export const GET = handler(getToken);
export const DELETE = handler(revokeToken);
