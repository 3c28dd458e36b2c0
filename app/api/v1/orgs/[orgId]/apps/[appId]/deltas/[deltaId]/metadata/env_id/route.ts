import { handler } from "@/lib/server/api/route";
import { changeDeltaEnvRoute } from "@/lib/server/api/routes/sets";

export const PUT = handler(changeDeltaEnvRoute);
