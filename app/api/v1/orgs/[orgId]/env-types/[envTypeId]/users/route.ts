import { handler } from "@/lib/server/api/route";
import { addEnvTypeUser, listEnvTypeUsers } from "@/lib/server/api/routes/users";

export const GET = handler(listEnvTypeUsers);
export const POST = handler(addEnvTypeUser);
