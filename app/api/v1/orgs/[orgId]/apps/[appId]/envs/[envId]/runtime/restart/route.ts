import { handler } from "@/lib/server/api/route";
import { restartEnvWorkload } from "@/lib/server/api/routes/runtime";

export const POST = handler(restartEnvWorkload);
