import { handler } from "@/lib/server/api/route";
import { getEnvRuntime } from "@/lib/server/api/routes/runtime";

export const GET = handler(getEnvRuntime);
