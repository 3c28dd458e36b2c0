import { z } from "zod";
import { BUILT_IN_DRIVERS, type DriverDescription } from "@/lib/engine/drivers/catalogue";
import { can } from "@/lib/server/auth/permissions";
import { forbidden, notFound } from "@/lib/server/errors";
import { orgParams } from "../params";
import { defineRoute } from "../route";

const driverSchema = z
  .object({
    id: z.string().describe("The driver's id within its organisation (driver_type is org_id/id)"),
    org_id: z.string(),
    type: z.string().describe("The resource type it provisions, or any"),
    account_types: z.array(z.string()),
    inputs_schema: z.record(z.string(), z.unknown()),
    target: z.string().describe("Empty: built into Baton"),
  })
  .meta({ id: "DriverDefinitionResponse" });

/** Humanitec's shape: `humanitec/echo` is driver `echo` of organisation `humanitec`. */
function driverJson(d: DriverDescription): z.input<typeof driverSchema> {
  const slash = d.id.indexOf("/");
  return { id: d.id.slice(slash + 1), org_id: d.id.slice(0, slash), type: d.type, account_types: d.account_types, inputs_schema: d.inputs_schema, target: "" };
}

export const listDriversRoute = defineRoute({
  operationId: "listResourceDrivers",
  method: "GET",
  path: "/orgs/{orgId}/resources/drivers",
  tag: "DriverDefinition",
  summary: "List the resource drivers Baton runs, with the schema of their driver_inputs (registering custom drivers is not supported)",
  params: orgParams,
  success: { status: 200, description: "Drivers", schema: z.array(driverSchema) },
  handle: ({ actor }) => {
    if (!can(actor, { action: "org.view" })) throw forbidden();
    return BUILT_IN_DRIVERS.map(driverJson);
  },
});

export const getDriverRoute = defineRoute({
  operationId: "getResourceDriver",
  method: "GET",
  path: "/orgs/{orgId}/resources/drivers/{driverId}",
  tag: "DriverDefinition",
  summary: "Get a driver by id (echo, template, k8s-cluster, …)",
  params: orgParams.extend({ driverId: z.string().min(1).describe("Driver id, e.g. echo") }),
  success: { status: 200, description: "The driver", schema: driverSchema },
  errors: [404],
  handle: ({ actor, params }) => {
    if (!can(actor, { action: "org.view" })) throw forbidden();
    const found = BUILT_IN_DRIVERS.map(driverJson).find((d) => d.id === params.driverId);
    if (!found) throw notFound(`Driver "${params.driverId}"`);
    return found;
  },
});
