import { createHash } from "node:crypto";

/**
 * Globally unique resource id: a stable hex id for (org, app, env, type, class, res_id),
 * 40 hex characters like Humanitec's, short enough to embed in Kubernetes names.
 */
export function guresid(org: string, app: string, env: string, type: string, cls: string, resId: string): string {
  return createHash("sha256").update([org, app, env, type, cls, resId].join("\u0000")).digest("hex").slice(0, 40);
}
