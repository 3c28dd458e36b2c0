import { handler } from "@/lib/server/api/route";
import { currentUser } from "@/lib/server/api/routes/tokens";

export const GET = handler(currentUser);
