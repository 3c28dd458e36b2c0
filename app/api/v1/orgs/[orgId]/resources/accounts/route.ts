import { handler } from "@/lib/server/api/route";
import { createAccount, listAccounts } from "@/lib/server/api/routes/accounts";

export const GET = handler(listAccounts);
export const POST = handler(createAccount);
