/**
 * The cluster check behind a cloud account's / cluster definition's "check" action: can Baton
 * reach the API server, does it trust its certificate, do the credentials work, and may they do
 * everything a deployment does (SelfSubjectAccessReview per verb and resource)?
 */
import { connectionProblems, type ClusterConnection } from "./connection";
import { errorFromResponse, errorFromTransport, type KubernetesErrorCode } from "./errors";
import { createKubeHttp, type KubeHttp, type KubeResponse } from "./http";
import { isRecord } from "./objects";

export interface ClusterCheckOptions extends ClusterConnection {
  /** Namespace the deployments go to; absent: permissions are checked in all namespaces. */
  namespace?: string;
  /** The client layer; default HTTPS to `server`. */
  http?: KubeHttp;
}

export interface ClusterCheckProblem {
  code: KubernetesErrorCode | "k8s-permission";
  message: string;
}

export interface ClusterCheck {
  ok: boolean;
  /** `gitVersion` of the server, e.g. `v1.20.2`, once it answered. */
  version?: string;
  problems: ClusterCheckProblem[];
}

export interface RequiredPermission {
  group: string;
  resource: string;
  verbs: string[];
  namespaced: boolean;
}

/** What a deployment does: apply (create/patch), read rollout status (get), prune (list/delete). */
export const REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  { group: "", resource: "namespaces", verbs: ["get", "create", "patch"], namespaced: false },
  ...[
    ["", "configmaps"],
    ["", "secrets"],
    ["", "services"],
    ["", "persistentvolumeclaims"],
    ["apps", "deployments"],
    ["apps", "statefulsets"],
    ["networking.k8s.io", "ingresses"],
  ].map(([group, resource]) => ({ group: group!, resource: resource!, verbs: ["get", "list", "create", "patch", "delete"], namespaced: true })),
];

const label = (p: { group: string; resource: string }) => (p.group ? `${p.resource}.${p.group}` : p.resource);

export async function checkCluster(options: ClusterCheckOptions): Promise<ClusterCheck> {
  const configProblems = connectionProblems(options);
  if (configProblems.length) return { ok: false, problems: configProblems.map((message) => ({ code: "k8s-config", message })) };
  const http = options.http ?? createKubeHttp(options);
  const context = { objectId: "cluster", server: options.server };

  let versionResponse: KubeResponse;
  try {
    versionResponse = await http.request({ method: "GET", path: "/version" });
  } catch (error) {
    const failure = errorFromTransport(error, { ...context, action: "read /version" });
    return { ok: false, problems: [{ code: failure.code, message: failure.message }] };
  }
  if (versionResponse.status >= 400) {
    const failure = errorFromResponse(versionResponse, { ...context, action: "read /version", verb: "get" });
    return { ok: false, problems: [{ code: failure.code, message: failure.message }] };
  }
  const version = isRecord(versionResponse.body) && typeof versionResponse.body.gitVersion === "string" ? versionResponse.body.gitVersion : undefined;

  const where = options.namespace ? `in namespace "${options.namespace}"` : "in all namespaces";
  const problems: ClusterCheckProblem[] = [];
  for (const permission of REQUIRED_PERMISSIONS) {
    const denied: string[] = [];
    const answers = await Promise.all(permission.verbs.map((verb) => review(http, permission, verb, permission.namespaced ? options.namespace : undefined)));
    for (const [i, answer] of answers.entries()) {
      if (answer.kind === "error") {
        const failure = answer.status !== undefined ? errorFromResponse({ status: answer.status, body: answer.body }, { ...context, action: "ask the server for permissions (SelfSubjectAccessReview)", resource: "selfsubjectaccessreviews.authorization.k8s.io", verb: "create" }) : errorFromTransport(answer.error, { ...context, action: "SelfSubjectAccessReview" });
        return { ok: false, ...(version ? { version } : {}), problems: [...problems, { code: failure.code, message: failure.message }] };
      }
      if (!answer.allowed) denied.push(permission.verbs[i]!);
    }
    if (denied.length) {
      problems.push({
        code: "k8s-permission",
        message: `the credentials cannot ${denied.join(", ")} ${label(permission)}${permission.namespaced ? ` ${where}` : " (cluster-scoped)"}; grant them through a ${permission.namespaced && options.namespace ? "Role/RoleBinding or " : ""}ClusterRole/ClusterRoleBinding`,
      });
    }
  }
  return { ok: problems.length === 0, ...(version ? { version } : {}), problems };
}

type ReviewAnswer = { kind: "answer"; allowed: boolean } | { kind: "error"; status?: number; body?: unknown; error?: unknown };

async function review(http: KubeHttp, permission: RequiredPermission, verb: string, namespace: string | undefined): Promise<ReviewAnswer> {
  try {
    const response = await http.request({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { ...(namespace ? { namespace } : {}), verb, group: permission.group, resource: permission.resource } },
      },
    });
    if (response.status >= 400) return { kind: "error", status: response.status, body: response.body };
    const status = isRecord(response.body) && isRecord(response.body.status) ? response.body.status : {};
    return { kind: "answer", allowed: status.allowed === true };
  } catch (error) {
    return { kind: "error", error };
  }
}
