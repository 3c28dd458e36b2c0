import { handler } from "@/lib/server/api/route";
import { createWebhookRoute, listWebhooksRoute } from "@/lib/server/api/routes/webhooks";

export const GET = handler(listWebhooksRoute);
export const POST = handler(createWebhookRoute);
