import { handler } from "@/lib/server/api/route";
import { createOrgUser, listOrgUsers } from "@/lib/server/api/routes/users";

export const GET = handler(listOrgUsers);
export const POST = handler(createOrgUser);
