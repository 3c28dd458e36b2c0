import { handler } from "@/lib/server/api/route";
import { getOrgRoute } from "@/lib/server/api/routes/orgs";

export const GET = handler(getOrgRoute);
