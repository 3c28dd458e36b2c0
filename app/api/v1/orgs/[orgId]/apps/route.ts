import { handler } from "@/lib/server/api/route";
import { createApp, listApps } from "@/lib/server/api/routes/apps";

export const GET = handler(listApps);
export const POST = handler(createApp);
