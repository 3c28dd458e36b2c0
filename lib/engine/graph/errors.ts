/**
 * A plan error as Humanitec reports deployment errors (`GET …/deploys/{id}/errors`):
 * `code` says what went wrong, `scope` what kind of object, `object_id` which one.
 */
export type PlanErrorCode =
  | "score"
  | "definition"
  | "delta"
  | "no-match"
  | "cycle"
  | "placeholder"
  | "driver"
  | "driver-unavailable"
  | "dependency-failed"
  | "invalid-object"
  | "render";

export type PlanErrorScope = "workload" | "resource" | "set" | "object" | "definition";

export interface PlanError {
  code: PlanErrorCode;
  scope: PlanErrorScope;
  /** Workload name, resource key `type.class#res_id`, or `Kind/namespace/name` of an object. */
  object_id: string;
  message: string;
}
