import type { Db } from "@/db/client";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { planOffThread } from "@/lib/server/planning/shared-pool";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getEnvironment } from "@/lib/server/data/apps";
import { loadDefinitionsForDeploy } from "@/lib/server/data/definitions";
import { withAccountCredentials } from "./account-credentials";
import { currentSetOf, getDeploymentDetail } from "@/lib/server/data/deployments";
import { getValueSetVersion, resolveValues } from "@/lib/server/data/values";
import { notFound, SafeError } from "@/lib/server/errors";
import { loadPreviousResources } from "./active-resources";
import { compareRender, type RenderComparison } from "./diff";

export type RenderedImpact = RenderComparison;

/**
 * What an environment's current deployment would render if the definitions changed as
 * `after` says: the same set, values and resources planned again, compared with what is
 * deployed now. Nothing is written or applied.
 */
export async function renderedImpact(
  db: Db,
  box: SecretBox,
  orgId: string,
  appId: string,
  envId: string,
  after: (defs: ResourceDefinition[]) => ResourceDefinition[],
): Promise<RenderedImpact> {
  const env = await getEnvironment(db, orgId, appId, envId);
  if (!env) throw notFound(`Environment "${appId}/${envId}"`);
  const current = await currentSetOf(db, orgId, appId, env);
  if (!current?.set) throw new SafeError("unprocessable", `${appId}/${envId} has no deployment yet: there is nothing rendered to compare`);
  const dep = current.deployment;
  const appValues = dep.valueSetVersionId ? ((await getValueSetVersion(db, orgId, appId, dep.valueSetVersionId))?.values ?? {}) : {};
  const envValues = dep.envValueSetVersionId ? ((await getValueSetVersion(db, orgId, appId, dep.envValueSetVersionId))?.values ?? {}) : {};
  const result = await planOffThread({
    context: { org_id: orgId, app_id: appId, env_id: env.id, env_type: env.type, deploy_id: dep.id },
    baseSet: current.set,
    definitions: (await withAccountCredentials(db, box, orgId, after(await loadDefinitionsForDeploy(db, box, orgId)))),
    values: resolveValues(box, appValues, envValues),
    previous: (await loadPreviousResources(db, box, orgId, appId, env.id)),
  });
  return compareRender((await getDeploymentDetail(db, orgId, appId, dep.id))?.objects ?? [], result);
}
