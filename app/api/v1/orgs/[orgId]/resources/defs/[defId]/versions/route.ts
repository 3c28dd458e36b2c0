import { handler } from "@/lib/server/api/route";
import { listDefVersions } from "@/lib/server/api/routes/definitions";

export const GET = handler(listDefVersions);
