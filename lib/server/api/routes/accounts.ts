import { z } from "zod";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { checkCloudAccount } from "@/lib/server/cloud-accounts/check-account";
import { ACCOUNT_TYPES } from "@/lib/server/cloud-accounts/credentials";
import { getCloudAccountSummary, listCloudAccounts, type CloudAccountSummary } from "@/lib/server/data/resources";
import { notFound } from "@/lib/server/errors";
import { createCloudAccount, deleteCloudAccount, updateCloudAccount } from "@/lib/server/operations/cloud-accounts";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, paginationQuery } from "../pagination";
import { orgParams } from "../params";
import { defineRoute } from "../route";
import { accountSchema } from "../schemas";

const accParams = orgParams.extend({ accId: z.string().min(1).describe("Cloud account id") });

function accountJson(a: CloudAccountSummary) {
  return { id: a.id, name: a.name, type: a.type, created_at: a.createdAt, created_by: a.createdBy, is_used: a.usedBy.definitions.length > 0 || a.usedBy.activeResources > 0 };
}

export const listAccounts = defineRoute({
  operationId: "listResourceAccounts",
  method: "GET",
  path: "/orgs/{orgId}/resources/accounts",
  tag: "ResourceAccount",
  summary: "List cloud accounts (never their credentials)",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Accounts", schema: z.array(accountSchema), paginated: true },
  handle: async ({ db, actor, page }) => {
    requirePermission(actor, { action: "org.view" });
    return pageOf((await listCloudAccounts(db, actor.orgId)).map(accountJson), page);
  },
});

export const createAccount = defineRoute({
  operationId: "createResourceAccount",
  method: "POST",
  path: "/orgs/{orgId}/resources/accounts",
  tag: "ResourceAccount",
  summary: "Create a cloud account (administrators); credentials are write-only",
  params: orgParams,
  body: z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(ACCOUNT_TYPES),
    credentials: z.record(z.string(), z.unknown()).describe("Fields of the account type, or `{kubeconfig}` for kubernetes"),
  }),
  success: { status: 201, description: "The account", schema: accountSchema },
  errors: [400, 409, 422],
  handle: async ({ db, secrets, actor, requestId, body }) => {
    await runOperation(createCloudAccount, body, { db, actor, requestId, secrets });
    return accountJson((await getCloudAccountSummary(db, actor.orgId, body.id))!);
  },
});

export const getAccount = defineRoute({
  operationId: "getResourceAccount",
  method: "GET",
  path: "/orgs/{orgId}/resources/accounts/{accId}",
  tag: "ResourceAccount",
  summary: "Get a cloud account (never its credentials)",
  params: accParams,
  success: { status: 200, description: "The account", schema: accountSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "org.view" });
    const a = await getCloudAccountSummary(db, actor.orgId, params.accId);
    if (!a) throw notFound(`Cloud account "${params.accId}"`);
    return accountJson(a);
  },
});

export const patchAccount = defineRoute({
  operationId: "patchResourceAccount",
  method: "PATCH",
  path: "/orgs/{orgId}/resources/accounts/{accId}",
  tag: "ResourceAccount",
  summary: "Rename a cloud account or replace its credentials",
  params: accParams,
  body: z.object({ name: z.string().optional(), credentials: z.record(z.string(), z.unknown()).optional() }),
  success: { status: 200, description: "The account", schema: accountSchema },
  errors: [400, 404, 422],
  handle: async ({ db, secrets, actor, requestId, params, body }) => {
    await runOperation(updateCloudAccount, { id: params.accId, ...body }, { db, actor, requestId, secrets });
    return accountJson((await getCloudAccountSummary(db, actor.orgId, params.accId))!);
  },
});

export const deleteAccount = defineRoute({
  operationId: "deleteResourceAccount",
  method: "DELETE",
  path: "/orgs/{orgId}/resources/accounts/{accId}",
  tag: "ResourceAccount",
  summary: "Delete a cloud account that nothing uses (409 while in use)",
  params: accParams,
  success: { status: 204, description: "Deleted" },
  errors: [404, 409],
  handle: async ({ db, actor, requestId, params }) => {
    await runOperation(deleteCloudAccount, { id: params.accId }, { db, actor, requestId });
  },
});

export const checkAccount = defineRoute({
  operationId: "checkResourceAccount",
  method: "POST",
  path: "/orgs/{orgId}/resources/accounts/{accId}/actions/check",
  tag: "ResourceAccount",
  summary: "Check a kubernetes account by calling the cluster's /version with its credentials",
  params: accParams,
  success: {
    status: 200,
    description: "The outcome (ok, or why not)",
    schema: z.object({ ok: z.boolean(), checked_at: z.string(), version: z.string().optional(), reason: z.string().optional(), message: z.string().optional() }),
  },
  errors: [404, 422],
  handle: async ({ db, secrets, actor, requestId, params }) => {
    const r = await checkCloudAccount(db, secrets, actor, params.accId, { requestId });
    const { checkedAt, ...rest } = r as typeof r & Record<string, unknown>;
    return { ...rest, checked_at: checkedAt };
  },
});
