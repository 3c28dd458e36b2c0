import { handler } from "@/lib/server/api/route";
import { getDeploy } from "@/lib/server/api/routes/deploys";

export const GET = handler(getDeploy);
