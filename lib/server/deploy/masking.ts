/** Replaces every leaf of a secret map with "***", keeping its shape. */
export function maskLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskLeaves);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v)]));
  return "***";
}

/** Kubernetes objects as stored and shown: a Secret's data never leaves the target. */
export function maskObjects(objects: Record<string, unknown>[]): Record<string, unknown>[] {
  return objects.map((o) => {
    if (o.kind !== "Secret") return o;
    const copy: Record<string, unknown> = { ...o };
    if (copy.data) copy.data = maskLeaves(copy.data);
    if (copy.stringData) copy.stringData = maskLeaves(copy.stringData);
    return copy;
  });
}
