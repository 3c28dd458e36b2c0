import { handler } from "@/lib/server/api/route";
import { deleteEnvTypeUser } from "@/lib/server/api/routes/users";

export const DELETE = handler(deleteEnvTypeUser);
