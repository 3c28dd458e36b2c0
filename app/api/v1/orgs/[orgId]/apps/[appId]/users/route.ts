import { handler } from "@/lib/server/api/route";
import { addAppUser, listAppUsers } from "@/lib/server/api/routes/users";

export const GET = handler(listAppUsers);
export const POST = handler(addAppUser);
