import { z } from "zod";
import { can } from "@/lib/server/auth/permissions";
import { forbidden } from "@/lib/server/errors";
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
    if (!can(actor, { action: "org.view" })) throw forbidden();
    return EVENT_TYPES.map((e) => ({ scope: e.scope, type: e.type, properties: e.properties }));
  },
});
