import { handler } from "@/lib/server/api/route";
import { listWebhookDeliveriesRoute } from "@/lib/server/api/routes/webhooks";

export const GET = handler(listWebhookDeliveriesRoute);
