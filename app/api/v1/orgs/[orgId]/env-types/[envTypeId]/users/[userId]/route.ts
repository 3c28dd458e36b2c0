import { handler } from "@/lib/server/api/route";
import { deleteEnvTypeUser, getEnvTypeUser, patchEnvTypeUser } from "@/lib/server/api/routes/users";

export const GET = handler(getEnvTypeUser);
export const PATCH = handler(patchEnvTypeUser);
export const DELETE = handler(deleteEnvTypeUser);
