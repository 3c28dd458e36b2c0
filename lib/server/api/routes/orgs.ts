import { first } from "@/db/raw";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "@/db/tables";
import type { Db } from "@/db/client";
import { ACCOUNT_TYPES, CREDENTIAL_FIELDS } from "@/lib/server/cloud-accounts/credentials";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { notFound } from "@/lib/server/errors";
import { orgParams } from "../params";
import { defineRoute } from "../route";

const orgSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.string().nullable(),
    created_by: z.string(),
    logo: z.object({ dark_url: z.string().optional(), light_url: z.string().optional() }),
    trial_expires_at: z.string().nullable().describe("Always null: Baton has no trials"),
  })
  .meta({ id: "OrganizationResponse" });

async function orgJson(db: Db, orgId: string): Promise<z.input<typeof orgSchema>> {
  const row = await first(db.select().from(organizations).where(eq(organizations.id, orgId)));
  if (!row) throw notFound(`Organization "${orgId}"`);
  return { id: row.id, name: row.name, created_at: row.createdAt, created_by: "", logo: {}, trial_expires_at: null };
}

export const listOrgsRoute = defineRoute({
  operationId: "listOrganizations",
  method: "GET",
  path: "/orgs",
  tag: "Organization",
  summary: "The organisations the token's user belongs to (one per Baton installation)",
  params: z.object({}),
  success: { status: 200, description: "Organisations", schema: z.array(orgSchema) },
  handle: async ({ db, actor }) => [(await orgJson(db, actor.orgId))],
});

export const getOrgRoute = defineRoute({
  operationId: "getOrganization",
  method: "GET",
  path: "/orgs/{orgId}",
  tag: "Organization",
  summary: "The organisation",
  params: orgParams,
  success: { status: 200, description: "The organisation", schema: orgSchema },
  errors: [404],
  handle: async ({ db, actor }) => {
    requirePermission(actor, { action: "org.view" });
    return await orgJson(db, actor.orgId);
  },
});

const ACCOUNT_TYPE_NAMES: Record<(typeof ACCOUNT_TYPES)[number], string> = {
  kubernetes: "Kubernetes cluster",
  aws: "AWS static credentials",
  "aws-role": "AWS role assumed by Baton",
  gcp: "GCP service account key",
  "gcp-identity": "GCP workload identity federation",
  azure: "Azure service principal",
  "azure-identity": "Azure workload identity federation",
};

const accountTypeSchema = z
  .object({ type: z.string(), name: z.string(), inputs_schema: z.record(z.string(), z.unknown()) })
  .meta({ id: "AccountTypeResponse" });

export const listAccountTypesRoute = defineRoute({
  operationId: "listResourceAccountTypes",
  method: "GET",
  path: "/orgs/{orgId}/resources/account-types",
  tag: "AccountType",
  summary: "The cloud account types Baton stores, with the credentials each takes",
  params: orgParams,
  success: { status: 200, description: "Account types", schema: z.array(accountTypeSchema) },
  handle: ({ actor }) => {
    requirePermission(actor, { action: "org.view" });
    return ACCOUNT_TYPES.map((type) => ({
      type,
      name: ACCOUNT_TYPE_NAMES[type],
      inputs_schema: {
        type: "object",
        properties: Object.fromEntries(CREDENTIAL_FIELDS[type].map((f) => [f.name, { type: "string", title: f.label }])),
        required: CREDENTIAL_FIELDS[type].filter((f) => !f.optional).map((f) => f.name),
      },
    }));
  },
});
