import { z } from "zod";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { EVENT_TYPES } from "@/lib/server/events/catalogue";
import { orgParams } from "../params";
import { defineRoute } from "../route";

const eventSchema = z
  .object({ scope: z.string(), type: z.string(), properties: z.array(z.string()).describe("What a payload of this event carries") })
  .meta({ id: "EventResponse" });

export const listEventsRoute = defineRoute({
  operationId: "listEvents",
  method: "GET",
  path: "/orgs/{orgId}/events",
  tag: "Event",
  summary: "The events Baton signals (deployment started and finished per environment, applications and environments created and deleted)",
  params: orgParams,
  success: { status: 200, description: "Event types", schema: z.array(eventSchema) },
  handle: ({ actor }) => {
    requirePermission(actor, { action: "org.view" });
    return EVENT_TYPES.map((e) => ({ scope: e.scope, type: e.type, properties: e.properties }));
  },
});
