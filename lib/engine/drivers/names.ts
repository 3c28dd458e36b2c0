/** Helpers for the Kubernetes names drivers generate. */

/** Lower-cases and replaces anything outside [a-z0-9-] so the result is a DNS-1123 label. */
export function dnsLabel(text: string, maxLength = 63): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+/, "");
  return cleaned.slice(0, maxLength).replace(/-+$/, "") || "x";
}

/** The last segment of a res_id: `modules.api.externals.db` → `db`, `shared.main-db` → `main-db`. */
export function resIdLeaf(resId: string): string {
  const parts = resId.split(".");
  return parts[parts.length - 1] ?? resId;
}

/** The workload a res_id belongs to (`modules.W` or `modules.W.externals.N`), if any. */
export function resIdWorkload(resId: string): string | undefined {
  const match = resId.match(/^modules\.([^.]+)(?:\.|$)/);
  return match?.[1];
}

/** `<prefix>-<8 hex of the guresid>`, a stable, unique and readable object name. */
export function resourceObjectName(prefix: string, guresid: string): string {
  return `${dnsLabel(prefix, 54)}-${guresid.slice(0, 8)}`;
}
