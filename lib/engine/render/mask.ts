/** Replaces secret material with "***" for display: secret outputs, and Secret objects' data. */

export const MASK = "***";

/** Every leaf of a secret tree becomes "***" (keys stay, so people see what is there). */
export function maskLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskLeaves);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v)]));
  }
  return MASK;
}

export function maskSecretObject(object: Record<string, unknown>): Record<string, unknown> {
  if (object.kind !== "Secret" || object.apiVersion !== "v1") return object;
  const out = { ...object };
  for (const field of ["data", "stringData"]) {
    const data = out[field];
    if (typeof data === "object" && data !== null) out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, MASK]));
  }
  return out;
}
