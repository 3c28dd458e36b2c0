import { createHash } from "node:crypto";

export const MANAGED_BY = "baton";
export const APP_LABEL = "baton.dev/app";
export const ENV_LABEL = "baton.dev/env";

export interface RenderScope {
  org_id: string;
  app_id: string;
  env_id: string;
}

/** `<workload>-<10 hex>`: stable per org/app/env/workload, so selectors never change between deploys. */
export function instanceLabel(scope: RenderScope, workload: string): string {
  const hash = createHash("sha256").update([scope.org_id, scope.app_id, scope.env_id, workload].join("\u0000")).digest("hex").slice(0, 10);
  return `${workload.slice(0, 52)}-${hash}`;
}

export function workloadLabels(scope: RenderScope, workload: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": workload,
    "app.kubernetes.io/instance": instanceLabel(scope, workload),
    "app.kubernetes.io/managed-by": MANAGED_BY,
    [APP_LABEL]: scope.app_id,
    [ENV_LABEL]: scope.env_id,
  };
}

export function selectorLabels(scope: RenderScope, workload: string): Record<string, string> {
  return { "app.kubernetes.io/instance": instanceLabel(scope, workload) };
}

export function environmentLabels(scope: RenderScope): Record<string, string> {
  return { "app.kubernetes.io/managed-by": MANAGED_BY, [APP_LABEL]: scope.app_id, [ENV_LABEL]: scope.env_id };
}

export function shortHash(text: string, length = 10): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
