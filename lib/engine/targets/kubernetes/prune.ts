/** Listing an ApplySet's current members and deleting the ones a deployment no longer wants. */
import { collectionPath, objectPath, type ApiResource } from "./discovery";
import { send } from "./errors";
import type { KubeHttp } from "./http";
import { LABEL_PART_OF } from "./applyset";
import { isRecord, objectIdOf } from "./objects";
import { resourceLabel } from "./apply";

export interface LiveMember {
  resource: ApiResource;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  /** The object as listed (to tell afterwards whether an apply changed it). */
  live: Record<string, unknown>;
}

/** Objects of one resource labeled as members of `setId`, in each of `namespaces` (or cluster-wide). */
export async function listMembers(http: KubeHttp, resource: ApiResource, setId: string, namespaces: readonly string[], objectId: string): Promise<LiveMember[]> {
  const scopes = resource.namespaced ? namespaces : [undefined];
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const members: LiveMember[] = [];
  for (const namespace of scopes) {
    const response = await send(
      http,
      { method: "GET", path: collectionPath(resource, namespace), query: { labelSelector: `${LABEL_PART_OF}=${setId}` } },
      { objectId, action: "list (to find objects to prune)", resource: resourceLabel(resource), verb: "list", ...(namespace ? { namespace } : {}) },
    );
    const items = isRecord(response.body) && Array.isArray(response.body.items) ? (response.body.items as Record<string, unknown>[]) : [];
    for (const item of items) {
      const metadata = isRecord(item.metadata) ? item.metadata : {};
      members.push({
        resource,
        apiVersion,
        kind: resource.kind,
        ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}),
        name: String(metadata.name),
        ...(typeof metadata.uid === "string" ? { uid: metadata.uid } : {}),
        ...(typeof metadata.resourceVersion === "string" ? { resourceVersion: metadata.resourceVersion } : {}),
        live: item,
      });
    }
  }
  return members;
}

/**
 * Delete a member in the background (its ReplicaSets and pods follow through GC). The uid
 * precondition keeps a prune from deleting an object someone recreated meanwhile.
 * Returns false when the object was already gone or replaced.
 */
export async function deleteMember(http: KubeHttp, member: LiveMember): Promise<boolean> {
  const response = await send(
    http,
    {
      method: "DELETE",
      path: objectPath(member.resource, member.name, member.namespace),
      body: { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background", ...(member.uid ? { preconditions: { uid: member.uid } } : {}) },
    },
    { objectId: objectIdOf(member), action: "delete (prune)", resource: resourceLabel(member.resource), verb: "delete", ...(member.namespace ? { namespace: member.namespace } : {}) },
    (status) => status < 400 || status === 404 || status === 409,
  );
  return response.status < 400;
}
