/**
 * Deleting an environment's Jobs (Humanitec's "delete all Jobs of an application"): a Job is
 * immutable and runs once, so a deployment that renders it again would leave it as it is; deleting
 * the Jobs Baton applied lets the next deployment run them anew. Only members of the
 * environment's ApplySet are touched.
 */
import { applySetId, applySetParentName, readParent } from "./applyset";
import { createDiscovery, objectPath } from "./discovery";
import { KubernetesTargetError, send } from "./errors";
import type { KubeHttp } from "./http";
import { objectIdOf } from "./objects";
import { deleteMember, listMembers } from "./prune";

const JOB_GROUP_KIND = "Job.batch";

export async function deleteEnvironmentJobs(http: KubeHttp, env: { app_id: string; env_id: string; namespace: string }): Promise<{ deleted: string[] }> {
  const parent = { name: applySetParentName(env.app_id, env.env_id), namespace: env.namespace };
  const parentId = objectIdOf({ kind: "ConfigMap", ...parent });
  const discovery = createDiscovery(http);
  const configMaps = await discovery.resolve("v1", "ConfigMap", parentId);
  const response = await send(http, { method: "GET", path: objectPath(configMaps, parent.name, parent.namespace) }, { objectId: parentId, action: "read the ApplySet parent", resource: "configmaps", verb: "get", namespace: parent.namespace }, (s) => s < 400 || s === 404);
  if (response.status === 404) return { deleted: [] }; // nothing was ever applied here
  const state = readParent(response.body);
  if (state.tooling && !state.tooling.startsWith("baton/")) {
    throw new KubernetesTargetError({ code: "k8s-applyset", object_id: parentId, message: `${parentId} is an ApplySet managed by "${state.tooling}", not Baton; its Jobs are left alone` });
  }
  if (!state.groupKinds.includes(JOB_GROUP_KIND)) return { deleted: [] };
  const jobs = await discovery.resolveGroupKind("batch", "Job", parentId);
  const members = await listMembers(http, jobs, applySetId(parent), [...new Set([env.namespace, ...state.additionalNamespaces])].sort(), `${parentId} (${JOB_GROUP_KIND})`);
  const deleted: string[] = [];
  for (const member of members) if (await deleteMember(http, member)) deleted.push(objectIdOf(member));
  return { deleted };
}
