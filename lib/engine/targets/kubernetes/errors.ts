/**
 * Cluster failures as deployment errors: `{ code, object_id, message }`, where the message says
 * what happened to which object and what to do about it.
 */
import type { ApplyResult } from "../types";
import { KubeTransportError, type KubeRequest, type KubeResponse } from "./http";
import { isRecord } from "./objects";

export type KubernetesErrorCode =
  | "k8s-config" // the connection settings cannot work (bad URL, no credentials)
  | "k8s-tls" // certificate verification failed
  | "k8s-connection" // refused, DNS, reset
  | "k8s-timeout" // no answer in time
  | "k8s-unauthorized" // 401
  | "k8s-forbidden" // 403
  | "k8s-not-found" // 404
  | "k8s-unknown-kind" // apiVersion/kind not served by the cluster
  | "k8s-conflict" // 409, usually a field-manager conflict
  | "k8s-invalid" // 422
  | "k8s-bad-request" // 400
  | "k8s-server-error" // 5xx
  | "k8s-applyset" // the ApplySet parent belongs to other tooling or does not match
  | "k8s-rollout-failed" // ProgressDeadlineExceeded
  | "k8s-rollout-timeout"; // not rolled out within the workload's timeout

export interface KubernetesErrorRecord {
  code: KubernetesErrorCode;
  object_id: string;
  message: string;
}

export interface FieldConflict {
  field: string;
  manager: string;
  message: string;
}

export class KubernetesTargetError extends Error implements KubernetesErrorRecord {
  readonly code: KubernetesErrorCode;
  readonly object_id: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** Field-manager conflicts (code k8s-conflict). */
  readonly conflicts?: FieldConflict[];
  /** What the deployment did before failing (objects applied, pruned). */
  partial?: ApplyResult;
  /** Further failures of the same deployment (e.g. several workloads that did not roll out). */
  others?: KubernetesTargetError[];

  constructor(record: KubernetesErrorRecord & { status?: number; conflicts?: FieldConflict[] }) {
    super(record.message);
    this.name = "KubernetesTargetError";
    this.code = record.code;
    this.object_id = record.object_id;
    if (record.status !== undefined) this.status = record.status;
    if (record.conflicts) this.conflicts = record.conflicts;
  }

  /** The deployment-error record (what the deploy job stores). */
  toRecord(): KubernetesErrorRecord {
    return { code: this.code, object_id: this.object_id, message: this.message };
  }

  toJSON(): KubernetesErrorRecord {
    return this.toRecord();
  }
}

/** A Kubernetes `Status` body, or nothing when the body is not one. */
interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

function statusBody(body: unknown): StatusBody {
  if (isRecord(body) && body.kind === "Status") return body as StatusBody;
  if (typeof body === "string") {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isRecord(parsed)) return parsed as StatusBody;
    } catch {
      return { message: body.trim().slice(0, 500) };
    }
  }
  return {};
}

/** `conflict with "kubectl-edit" using apps/v1` → kubectl-edit. */
function managerOf(message: string): string {
  return /conflict with "([^"]+)"/.exec(message)?.[1] ?? "another field manager";
}

export function fieldConflicts(body: unknown): FieldConflict[] {
  const causes = statusBody(body).details?.causes ?? [];
  return causes
    .filter((cause) => cause.reason === "FieldManagerConflict")
    .map((cause) => ({ field: cause.field ?? "?", manager: managerOf(cause.message ?? ""), message: cause.message ?? "" }));
}

export interface ErrorContext {
  /** `Kind/namespace/name` of the object, or what was being done (`cluster`, `Namespace/x`). */
  objectId: string;
  /** What Baton was doing, for the message: "apply", "delete (prune)", "list", "read". */
  action: string;
  /** The API resource + group, for RBAC hints, e.g. `deployments.apps`. */
  resource?: string;
  namespace?: string;
  server: string;
  /** The HTTP verb RBAC sees for this action (patch, delete, list, get). */
  verb?: string;
}

/** Turn a non-2xx answer into a deployment error that names the object and says what to do. */
export function errorFromResponse(response: KubeResponse, context: ErrorContext): KubernetesTargetError {
  const status = statusBody(response.body);
  const serverMessage = status.message ?? (typeof response.body === "string" ? response.body.trim().slice(0, 500) : "");
  const id = context.objectId;
  const where = context.namespace ? ` in namespace "${context.namespace}"` : "";
  const base = { object_id: id, status: response.status };
  switch (response.status) {
    case 400:
      return new KubernetesTargetError({ ...base, code: "k8s-bad-request", message: `${id}: the cluster rejected the ${context.action} request (400 ${status.reason ?? "BadRequest"}): ${serverMessage}. Check the object's name and fields.` });
    case 401:
      return new KubernetesTargetError({ ...base, code: "k8s-unauthorized", message: `${id}: ${context.server} rejected the credentials (401 Unauthorized). The token or client certificate in the cluster definition or cloud account is not valid for this cluster (expired, revoked or for another cluster).` });
    case 403: {
      const verbs = context.verb?.split(" and ").map((v) => `"${v}"`).join(" and ");
      const rbac = context.resource && verbs ? ` Grant it ${verbs} on ${context.resource}${where} (a Role/ClusterRole and binding), or use credentials that have it.` : " Grant it the missing permission through RBAC, or use credentials that have it.";
      return new KubernetesTargetError({ ...base, code: "k8s-forbidden", message: `${id}: the cluster identity is not allowed to ${context.action} this object (403 Forbidden): ${serverMessage}.${rbac}` });
    }
    case 404:
      return new KubernetesTargetError({ ...base, code: "k8s-not-found", message: `${id}: not found (404) during ${context.action}: ${serverMessage}. Does the namespace exist, and does the cluster serve this apiVersion/kind?` });
    case 409: {
      const conflicts = fieldConflicts(response.body);
      if (conflicts.length) {
        const list = conflicts.map((c) => `${c.field} (owned by field manager "${c.manager}")`).join(", ");
        return new KubernetesTargetError({
          ...base,
          conflicts,
          code: "k8s-conflict",
          message: `${id}: field-manager conflict: ${list}. Someone changed ${conflicts.length > 1 ? "these fields" : "this field"} outside Baton. Undo the change (or remove the field from the other manager), or set "force" on the cluster definition so Baton takes the field${conflicts.length > 1 ? "s" : ""} back.`,
        });
      }
      return new KubernetesTargetError({ ...base, code: "k8s-conflict", message: `${id}: conflict (409 ${status.reason ?? "Conflict"}) during ${context.action}: ${serverMessage}. Retry the deployment.` });
    }
    case 422: {
      const causes = (status.details?.causes ?? []).map((c) => `${c.field ?? "?"}: ${c.message ?? c.reason ?? ""}`);
      return new KubernetesTargetError({ ...base, code: "k8s-invalid", message: `${id}: the cluster rejected the object as invalid (422): ${causes.length ? causes.join("; ") : serverMessage}. Fix the fields in the workload or resource definition that renders it.` });
    }
    default: {
      if (response.status >= 500) {
        return new KubernetesTargetError({ ...base, code: "k8s-server-error", message: `${id}: the API server failed during ${context.action} (${response.status}): ${serverMessage}.${hint500(serverMessage)}` });
      }
      return new KubernetesTargetError({ ...base, code: "k8s-bad-request", message: `${id}: unexpected answer ${response.status} during ${context.action}: ${serverMessage}` });
    }
  }
}

/** Servers before 1.25 report schema problems of apply bodies as 500s; say what they mean. */
function hint500(message: string): string {
  if (/field not declared in schema/.test(message)) return " The object has a field this Kubernetes version does not know (a typo, or a field from a newer version).";
  if (/omits key field/.test(message)) return ' A list entry lacks a key field the server needs for server-side apply (e.g. "protocol" on Service ports).';
  return " Retry; if it persists, check the API server's health.";
}

export function errorFromTransport(error: unknown, context: ErrorContext): KubernetesTargetError {
  if (!(error instanceof KubeTransportError)) {
    return new KubernetesTargetError({ code: "k8s-connection", object_id: context.objectId, message: `${context.objectId}: ${context.action} failed: ${(error as Error)?.message ?? String(error)}` });
  }
  const id = context.objectId;
  switch (error.kind) {
    case "tls":
      return new KubernetesTargetError({ code: "k8s-tls", object_id: id, message: `${id}: cannot verify the API server's certificate (${error.errno}). The certificate-authority-data in the cluster definition does not match ${context.server}: use the cluster's CA (kubeconfig clusters[].cluster.certificate-authority-data).` });
    case "timeout":
      return new KubernetesTargetError({ code: "k8s-timeout", object_id: id, message: `${id}: ${error.message} during ${context.action}. Is the server reachable from Baton (firewall, private endpoint)?` });
    default:
      return new KubernetesTargetError({ code: "k8s-connection", object_id: id, message: `${id}: ${error.message} (${error.errno}) during ${context.action}. Check the server URL in the cluster definition and that the API server is reachable from Baton.` });
  }
}

/** Send a request; answers ≥ 400 and transport failures become KubernetesTargetErrors. */
export async function send(http: { request(r: KubeRequest): Promise<KubeResponse>; server: string }, request: KubeRequest, context: Omit<ErrorContext, "server">, accept: (status: number) => boolean = (s) => s < 400): Promise<KubeResponse> {
  let response: KubeResponse;
  try {
    response = await withRetry(() => http.request(request));
  } catch (error) {
    throw errorFromTransport(error, { ...context, server: http.server });
  }
  if (!accept(response.status)) throw errorFromResponse(response, { ...context, server: http.server });
  return response;
}

/** 429 and 503 are the server asking to come back later; try twice more before giving up. */
async function withRetry(call: () => Promise<KubeResponse>): Promise<KubeResponse> {
  let response = await call();
  for (let attempt = 1; attempt <= 2 && (response.status === 429 || response.status === 503); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    response = await call();
  }
  return response;
}
