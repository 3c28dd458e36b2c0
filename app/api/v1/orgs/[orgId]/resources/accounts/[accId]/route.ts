import { handler } from "@/lib/server/api/route";
import { deleteAccount, getAccount, patchAccount } from "@/lib/server/api/routes/accounts";

export const GET = handler(getAccount);
export const PATCH = handler(patchAccount);
export const DELETE = handler(deleteAccount);
