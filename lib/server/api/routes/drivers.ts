import { z } from "zod";
import { BUILT_IN_DRIVERS, type DriverDescription } from "@/lib/engine/drivers/catalogue";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { SafeError, notFound } from "@/lib/server/errors";
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
    requirePermission(actor, { action: "org.view" });
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
    requirePermission(actor, { action: "org.view" });
    const found = BUILT_IN_DRIVERS.map(driverJson).find((d) => d.id === params.driverId);
    if (!found) throw notFound(`Driver "${params.driverId}"`);
    return found;
  },
});

const driverIdParams = orgParams.extend({ driverId: z.string().min(1).describe("Driver id") });

/**
 * Humanitec calls a custom driver as a remote HTTP service with the resource's inputs, secrets
 * and cloud credentials. Baton runs its drivers in-process instead (deployments and previews in
 * bounded worker threads), so it has no driver protocol client: sending credentials to an
 * arbitrary registered URL would need its own SSRF and trust design. The template driver covers
 * what most custom drivers do.
 */
function customDriversRefused(): never {
  throw new SafeError(
    "not-implemented",
    "Baton does not register custom drivers: its drivers (humanitec/echo, humanitec/template, humanitec/k8s-cluster, humanitec/k8s-cluster-git, …) run inside Baton. Write a resource definition with humanitec/template instead.",
  );
}

function refusal(operationId: string, method: "POST" | "PUT" | "DELETE", path: string, params: typeof orgParams | typeof driverIdParams) {
  return defineRoute({
    operationId,
    method,
    path,
    tag: "DriverDefinition",
    summary: "Not offered: Baton runs its drivers in-process and registers no custom drivers (answers 501 to administrators)",
    params,
    body: method === "DELETE" ? undefined : z.unknown(),
    success: { status: method === "POST" ? 201 : method === "PUT" ? 200 : 204, description: "Never: custom drivers are not supported (501, the message says what to use instead)" },
    errors: [403, 501],
    handle: ({ actor }) => {
      requirePermission(actor, { action: "definition.manage" });
      customDriversRefused();
    },
  });
}

export const createDriverRoute = refusal("createResourceDriver", "POST", "/orgs/{orgId}/resources/drivers", orgParams);
export const updateDriverRoute = refusal("updateResourceDriver", "PUT", "/orgs/{orgId}/resources/drivers/{driverId}", driverIdParams);
export const deleteDriverRoute = refusal("deleteResourceDriver", "DELETE", "/orgs/{orgId}/resources/drivers/{driverId}", driverIdParams);
