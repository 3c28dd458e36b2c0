import { handler } from "@/lib/server/api/route";
import { deleteOrgUser, getOrgUser, patchOrgUser } from "@/lib/server/api/routes/users";

export const GET = handler(getOrgUser);
export const PATCH = handler(patchOrgUser);
export const DELETE = handler(deleteOrgUser);
