import { handler } from "@/lib/server/api/route";
import { listAppValueVersions } from "@/lib/server/api/routes/values";

export const GET = handler(listAppValueVersions);
