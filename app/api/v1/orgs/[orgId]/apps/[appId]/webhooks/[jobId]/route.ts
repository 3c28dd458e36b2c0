import { handler } from "@/lib/server/api/route";
import { deleteWebhookRoute, getWebhookRoute, updateWebhookRoute } from "@/lib/server/api/routes/webhooks";

export const GET = handler(getWebhookRoute);
export const PATCH = handler(updateWebhookRoute);
export const DELETE = handler(deleteWebhookRoute);
