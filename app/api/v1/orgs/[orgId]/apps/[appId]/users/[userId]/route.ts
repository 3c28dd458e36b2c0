import { handler } from "@/lib/server/api/route";
import { deleteAppUser, getAppUser, patchAppUser } from "@/lib/server/api/routes/users";

export const GET = handler(getAppUser);
export const PATCH = handler(patchAppUser);
export const DELETE = handler(deleteAppUser);
