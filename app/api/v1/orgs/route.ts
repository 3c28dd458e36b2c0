import { handler } from "@/lib/server/api/route";
import { listOrgsRoute } from "@/lib/server/api/routes/orgs";

export const GET = handler(listOrgsRoute);
