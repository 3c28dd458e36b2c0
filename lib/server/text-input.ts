/**
 * PostgreSQL cannot store the NUL character (U+0000) in text; SQLite can. So that input means
 * the same on both databases, it is refused wherever a request enters (API path, query and
 * body; operation inputs), with the field it is in, instead of failing at the database.
 */
export const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

/** The path (`a.b.0.c`) of the first string or key holding U+0000, or undefined; "" is the input itself. */
export function fieldWithNul(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = fieldWithNul(v, [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) return [...path, k.replaceAll("\u0000", "\\u0000")].join(".");
      const found = fieldWithNul(v, [...path, k]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
