import { handler } from "@/lib/server/api/route";
import { checkAccount } from "@/lib/server/api/routes/accounts";

export const POST = handler(checkAccount);
