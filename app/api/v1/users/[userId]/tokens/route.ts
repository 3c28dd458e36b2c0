import { handler } from "@/lib/server/api/route";
import { createToken, listTokens } from "@/lib/server/api/routes/tokens";

export const GET = handler(listTokens);
export const POST = handler(createToken);
