import { handler } from "@/lib/server/api/route";
import { listAccountTypesRoute } from "@/lib/server/api/routes/orgs";

export const GET = handler(listAccountTypesRoute);
