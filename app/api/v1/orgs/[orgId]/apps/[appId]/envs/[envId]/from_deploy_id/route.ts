import { handler } from "@/lib/server/api/route";
import { rebaseEnvironmentRoute } from "@/lib/server/api/routes/envs";

export const PUT = handler(rebaseEnvironmentRoute);
