import { handler } from "@/lib/server/api/route";
import { deleteApp, getApp, patchApp } from "@/lib/server/api/routes/apps";

export const GET = handler(getApp);
export const PATCH = handler(patchApp);
export const DELETE = handler(deleteApp);
