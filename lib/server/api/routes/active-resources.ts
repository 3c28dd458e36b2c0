import { z } from "zod";
import { listActiveResourceRecords } from "@/lib/server/data/active-resources";
import { deleteActiveResource } from "@/lib/server/operations/delete-active-resource";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, paginationQuery } from "../pagination";
import { envParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { activeResourceSchema } from "../schemas";
import { activeResourceJson } from "../shapes";
import { requireVisibleEnv } from "./envs";

export const listActiveResources = defineRoute({
  operationId: "listActiveResources",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/resources",
  tag: "ActiveResource",
  summary: "Active resources of an environment (value outputs only; secrets never)",
  params: envParams,
  query: paginationQuery,
  success: { status: 200, description: "Active resources", schema: z.array(activeResourceSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const rows = await listActiveResourceRecords(ctx.db, ctx.actor.orgId, { appId, envId });
    return pageOf(rows.map(activeResourceJson), ctx.page);
  },
});

export const deleteActiveResourceRoute = defineRoute({
  operationId: "deleteActiveResource",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/resources/{type}/{resId}",
  tag: "ActiveResource",
  summary:
    "Forget an active resource so the next deployment provisions it afresh (deployers of the environment). Baton's drivers hold no state beyond this record, so `detach` changes nothing: the real resource is never touched.",
  params: envParams.extend({ type: z.string().min(1).describe("Resource type"), resId: z.string().min(1).describe("Resource id, e.g. `modules.web.externals.db`") }),
  query: z.object({ detach: z.enum(["true", "false"]).optional().describe("Accepted for Humanitec compatibility; see the summary") }),
  success: { status: 204, description: "Forgotten" },
  errors: [404, 409],
  handle: async (ctx) => {
    const { appId, envId, type, resId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    await runOperation(deleteActiveResource, { appId, envId, type, resId }, operationContext(ctx));
  },
});
