import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { ApplicationRecord, EnvironmentRecord } from "@/lib/server/data/apps";
import { getDeployment, type DeploymentRecord } from "@/lib/server/data/deployments";
import type { activeResources } from "@/db/tables";
import type { activeResourceSchema, applicationSchema, deploymentStubSchema, environmentSchema } from "./schemas";

/** Database records → Humanitec's JSON shapes (snake_case). */

export function applicationJson(orgId: string, app: ApplicationRecord): z.input<typeof applicationSchema> {
  return {
    id: app.id,
    name: app.name,
    org_id: orgId,
    created_at: app.createdAt,
    created_by: app.createdBy,
    envs: app.envs.map((e) => ({ id: e.id, name: e.name, type: e.type })),
  };
}

export function deploymentJson(d: DeploymentRecord): z.input<typeof deploymentStubSchema> {
  return {
    id: d.id,
    env_id: d.envId,
    from_id: d.fromId,
    delta_id: d.deltaId,
    set_id: d.setId,
    value_set_version_id: d.valueSetVersionId,
    comment: d.comment,
    status: d.status,
    status_changed_at: d.statusChangedAt,
    created_at: d.createdAt,
    created_by: d.createdBy,
    // Humanitec's (deprecated) export of a deployment's manifests: Baton has none
    export_file: "",
    export_status: "",
  };
}

async function deploymentStub(db: DbOrTx, orgId: string, appId: string, id: string | null) {
  if (!id) return null;
  const row = await getDeployment(db, orgId, appId, id);
  return row ? deploymentJson(row) : null;
}

export async function environmentJson(db: DbOrTx, orgId: string, env: EnvironmentRecord): Promise<z.input<typeof environmentSchema>> {
  return {
    id: env.id,
    name: env.name,
    type: env.type,
    created_at: env.createdAt,
    created_by: env.createdBy,
    status: "active",
    from_deploy: (await deploymentStub(db, orgId, env.appId, env.fromDeployId ?? env.lastDeployId)),
    last_deploy: (await deploymentStub(db, orgId, env.appId, env.lastDeployId)),
  };
}

/** Humanitec's ActiveResourceResponse: value outputs only; Baton keeps secret outputs encrypted itself, so there are no secret-store references. */
export function activeResourceJson(r: typeof activeResources.$inferSelect): z.input<typeof activeResourceSchema> {
  return {
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
    secret_refs: {},
    status: r.status,
    updated_at: r.updatedAt,
  };
}
