/** "5 min ago", from a server-given `now` so server and browser render the same text. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return "";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The local part of an email: enough to tell people apart in a dense grid. */
export function who(email: string | null): string {
  return email ? email.split("@")[0] : "";
}

/** A query string for the overview with some parameters changed (empty values dropped). */
export function overviewHref(query: Record<string, string | number | undefined>, change: Record<string, string | number | undefined>): string {
  const merged = { ...query, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && v === 1) && !(k === "pageSize" && v === 25)) params.set(k, String(v));
  const s = params.toString();
  return s ? `/?${s}` : "/";
}
