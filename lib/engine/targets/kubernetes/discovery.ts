/**
 * API discovery: which resource (URL segment) serves a kind and whether it is namespaced. Asked
 * once per group/version per target (`GET /api/v1`, `GET /apis/<group>/<version>`), like kubectl.
 */
import { KubernetesTargetError, send } from "./errors";
import type { KubeHttp } from "./http";
import { groupKindOf, isRecord, splitApiVersion } from "./objects";

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

export interface Discovery {
  /** The resource serving `kind` in `apiVersion`; throws k8s-unknown-kind when the cluster has none. */
  resolve(apiVersion: string, kind: string, objectId: string): Promise<ApiResource>;
  /** Same, from a group-kind only (ApplySet annotations carry no version): the group's preferred version. */
  resolveGroupKind(group: string, kind: string, objectId: string): Promise<ApiResource>;
}

export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** Collection URL of a resource, e.g. `/apis/apps/v1/namespaces/shop/deployments`. */
export function collectionPath(resource: ApiResource, namespace?: string): string {
  const base = groupVersionPath(resource.group, resource.version);
  return resource.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.resource}` : `${base}/${resource.resource}`;
}

/** Object URL (names are sent as given: no case folding, so a bad name fails with the server's own message). */
export function objectPath(resource: ApiResource, name: string, namespace?: string): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}

export function createDiscovery(http: KubeHttp): Discovery {
  const lists = new Map<string, Promise<Map<string, ApiResource> | null>>();
  const preferred = new Map<string, Promise<string | null>>();

  function resourcesOf(group: string, version: string, objectId: string): Promise<Map<string, ApiResource> | null> {
    const key = `${group}/${version}`;
    let pending = lists.get(key);
    if (!pending) {
      pending = send(http, { method: "GET", path: groupVersionPath(group, version) }, { objectId, action: "discover the API", verb: "get" }, (s) => s < 400 || s === 404).then((response) => {
        if (response.status === 404 || !isRecord(response.body) || !Array.isArray(response.body.resources)) return null;
        const byKind = new Map<string, ApiResource>();
        for (const entry of response.body.resources as Record<string, unknown>[]) {
          const name = String(entry.name ?? "");
          if (!name || name.includes("/")) continue; // subresources such as deployments/status
          byKind.set(String(entry.kind), { group, version, kind: String(entry.kind), resource: name, namespaced: entry.namespaced === true });
        }
        return byKind;
      });
      pending.catch(() => lists.delete(key)); // do not cache failures
      lists.set(key, pending);
    }
    return pending;
  }

  async function resolveIn(group: string, version: string, kind: string, objectId: string): Promise<ApiResource> {
    const apiVersion = group ? `${group}/${version}` : version;
    const resources = await resourcesOf(group, version, objectId);
    if (!resources) {
      throw new KubernetesTargetError({ code: "k8s-unknown-kind", object_id: objectId, message: `${objectId}: the cluster does not serve apiVersion "${apiVersion}". Install the CRD or operator that provides it, or render a version this cluster supports.` });
    }
    const resource = resources.get(kind);
    if (!resource) {
      throw new KubernetesTargetError({ code: "k8s-unknown-kind", object_id: objectId, message: `${objectId}: apiVersion "${apiVersion}" on this cluster has no kind "${kind}". Check the kind's spelling, or install the CRD that defines it.` });
    }
    return resource;
  }

  return {
    resolve(apiVersion, kind, objectId) {
      const { group, version } = splitApiVersion(apiVersion);
      return resolveIn(group, version, kind, objectId);
    },
    async resolveGroupKind(group, kind, objectId) {
      if (!group) return resolveIn("", "v1", kind, objectId);
      let pending = preferred.get(group);
      if (!pending) {
        pending = send(http, { method: "GET", path: `/apis/${group}` }, { objectId, action: "discover the API", verb: "get" }, (s) => s < 400 || s === 404).then((response) => {
          if (!isRecord(response.body) || !isRecord(response.body.preferredVersion)) return null;
          return String(response.body.preferredVersion.version);
        });
        preferred.set(group, pending);
      }
      const version = await pending;
      if (!version) {
        throw new KubernetesTargetError({ code: "k8s-unknown-kind", object_id: objectId, message: `${objectId}: the cluster no longer serves API group "${group}" (needed for ${groupKindOf(`${group}/v`, kind)}).` });
      }
      return resolveIn(group, version, kind, objectId);
    },
  };
}
