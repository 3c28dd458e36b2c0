import { handler } from "@/lib/server/api/route";
import { listAppRuntime } from "@/lib/server/api/routes/runtime";

export const GET = handler(listAppRuntime);
