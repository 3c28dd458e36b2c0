import type { Db } from "@/db/client";
import { planOffThread } from "@/lib/server/planning/shared-pool";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getEnvironment } from "@/lib/server/data/apps";
import { loadDefinitionsForDeploy } from "@/lib/server/data/definitions";
import { withAccountCredentials } from "./account-credentials";
import { currentSetOf, getDeploymentDetail } from "@/lib/server/data/deployments";
import { resolveValues, snapshotScope } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { loadPreviousResources } from "./active-resources";
import { buildSetFromWorkloads, type WorkloadSelection } from "./build-set";
import { compareRender, setChanges, type ObjectChange, type SetChanges } from "./diff";

export interface DeployPreview {
  errors: { code: string; scope: string; object_id: string; message: string }[];
  setChanges: SetChanges;
  objectChanges: ObjectChange[];
  /** Canonical YAML of the current and the planned objects (Secret data masked), for the diff editor. */
  before: string;
  after: string;
}

/**
 * What deploying would do, without doing it: the plan's errors, or the set and object diff
 * against the environment's current deployment. Provisioning reuses active resources, so
 * generated credentials are not regenerated for the preview.
 */
export async function previewDeployment(
  db: Db,
  box: SecretBox,
  orgId: string,
  input: { appId: string; envId: string; workloads?: WorkloadSelection[] },
): Promise<DeployPreview> {
  const env = await getEnvironment(db, orgId, input.appId, input.envId);
  if (!env) throw notFound(`Environment "${input.appId}/${input.envId}"`);
  const built = await buildSetFromWorkloads(db, orgId, input.appId, env, input.workloads);
  if (Object.keys(built.set.modules).length === 0) throw new SafeError("unprocessable", "Nothing to deploy: add a Score workload first");
  const current = await currentSetOf(db, orgId, input.appId, env);
  const result = await planOffThread({
    context: { org_id: orgId, app_id: input.appId, env_id: env.id, env_type: env.type, deploy_id: "preview" },
    baseSet: built.set,
    definitions: (await withAccountCredentials(db, box, orgId, await loadDefinitionsForDeploy(db, box, orgId))),
    values: resolveValues(box, await snapshotScope(db, orgId, input.appId, ""), await snapshotScope(db, orgId, input.appId, env.id)),
    previous: (await loadPreviousResources(db, box, orgId, input.appId, env.id)),
  });
  const deployed = current ? ((await getDeploymentDetail(db, orgId, input.appId, current.deployment.id))?.objects ?? []) : [];
  const { errors, changes, before, after } = compareRender(deployed, result);
  return { errors, setChanges: setChanges(current?.set, built.set), objectChanges: changes, before, after };
}
