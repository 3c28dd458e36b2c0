import { handler } from "@/lib/server/api/route";
import { patchEnvReplicas } from "@/lib/server/api/routes/runtime";

export const PATCH = handler(patchEnvReplicas);
