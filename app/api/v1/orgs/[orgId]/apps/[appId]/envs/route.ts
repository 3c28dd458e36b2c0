import { handler } from "@/lib/server/api/route";
import { createEnv, listEnvs } from "@/lib/server/api/routes/envs";

export const GET = handler(listEnvs);
export const POST = handler(createEnv);
