/** Server-side apply of one object, body as rendered (JSON is valid apply-patch YAML). */
import { objectPath, type ApiResource } from "./discovery";
import { send } from "./errors";
import type { KubeHttp } from "./http";
import { isRecord, type KubeObject } from "./objects";

export const FIELD_MANAGER = "baton";

export interface AppliedObject {
  status: number;
  body: Record<string, unknown>;
  resourceVersion?: string;
  uid?: string;
}

export function resourceLabel(resource: ApiResource): string {
  return resource.group ? `${resource.resource}.${resource.group}` : resource.resource;
}

export async function serverSideApply(http: KubeHttp, resource: ApiResource, object: KubeObject, options: { force: boolean; objectId: string }): Promise<AppliedObject> {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const namespace = resource.namespaced && typeof metadata.namespace === "string" ? metadata.namespace : undefined;
  const response = await send(
    http,
    {
      method: "PATCH",
      path: objectPath(resource, String(metadata.name), namespace),
      // force is only sent when set, like kubectl --force-conflicts.
      query: { fieldManager: FIELD_MANAGER, force: options.force ? "true" : undefined },
      body: object,
      contentType: "application/apply-patch+yaml",
    },
    // Server-side apply is authorized as "patch", and additionally as "create" when the object is new.
    { objectId: options.objectId, action: "apply", resource: resourceLabel(resource), verb: "create and patch", ...(namespace ? { namespace } : {}) },
  );
  const body = isRecord(response.body) ? response.body : {};
  const live = isRecord(body.metadata) ? body.metadata : {};
  return {
    status: response.status,
    body,
    ...(typeof live.resourceVersion === "string" ? { resourceVersion: live.resourceVersion } : {}),
    ...(typeof live.uid === "string" ? { uid: live.uid } : {}),
  };
}
