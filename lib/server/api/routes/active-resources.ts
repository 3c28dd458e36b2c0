import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { activeResources } from "@/db/schema";
import { pageOf, paginationQuery } from "../pagination";
import { envParams } from "../params";
import { defineRoute } from "../route";
import { activeResourceSchema } from "../schemas";
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
  handle: (ctx) => {
    const { appId, envId } = ctx.params;
    requireVisibleEnv(ctx, appId, envId);
    const rows = ctx.db
      .select()
      .from(activeResources)
      .where(and(eq(activeResources.orgId, ctx.actor.orgId), eq(activeResources.appId, appId), eq(activeResources.envId, envId), ne(activeResources.status, "replaced")))
      .orderBy(asc(activeResources.type), asc(activeResources.resId))
      .all();
    return pageOf(
      rows.map((r) => ({
        org_id: r.orgId,
        app_id: r.appId,
        env_id: r.envId,
        env_type: r.envType,
        type: r.type,
        class: r.class,
        res_id: r.resId,
        gu_res_id: r.guResId,
        def_id: r.defId,
        def_version_id: r.defVersionId,
        criteria_id: r.criteriaId,
        driver_type: r.driverType,
        driver_account: r.driverAccount,
        deploy_id: r.deployId,
        resource: r.valueOutputs,
        status: r.status,
        updated_at: r.updatedAt,
      })),
      ctx.page,
    );
  },
});
