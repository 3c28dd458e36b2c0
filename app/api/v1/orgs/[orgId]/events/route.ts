import { handler } from "@/lib/server/api/route";
import { listEventsRoute } from "@/lib/server/api/routes/events";

export const GET = handler(listEventsRoute);
