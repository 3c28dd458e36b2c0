import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { ApplicationRecord, EnvironmentRecord } from "@/lib/server/data/apps";
import { getDeployment, type DeploymentRecord } from "@/lib/server/data/deployments";
import type { applicationSchema, deploymentStubSchema, environmentSchema } from "./schemas";

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

function deploymentStub(db: DbOrTx, orgId: string, appId: string, id: string | null) {
  if (!id) return null;
  const row = getDeployment(db, orgId, appId, id);
  return row ? deploymentJson(row) : null;
}

export function environmentJson(db: DbOrTx, orgId: string, env: EnvironmentRecord): z.input<typeof environmentSchema> {
  return {
    id: env.id,
    name: env.name,
    type: env.type,
    created_at: env.createdAt,
    created_by: env.createdBy,
    status: "active",
    from_deploy: deploymentStub(db, orgId, env.appId, env.fromDeployId ?? env.lastDeployId),
    last_deploy: deploymentStub(db, orgId, env.appId, env.lastDeployId),
  };
}
