/** "5 min ago", from a server-given `now` so server and browser render the same text. */
export function ago(atSeconds: number | undefined, now: number): string {
  if (atSeconds === undefined) return "";
  const s = Math.max(0, Math.round(now / 1000 - atSeconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The local part of an email: enough to tell people apart in a dense grid. */
export function who(email: string | undefined): string {
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

/** One environment cell as the grid needs it: absent fields are left out of the payload. */
export interface GridCell {
  id: string;
  status?: "pending" | "in progress" | "succeeded" | "failed";
  /** When the last deployment was queued, in epoch seconds (shorter than ISO text). */
  at?: number;
  by?: string;
  outdated?: string;
  /** Runtime health of a succeeded deployment: "deployed but unhealthy" shows red. */
  runtime?: "healthy" | "unhealthy" | "starting" | "paused";
  /** Why it is unhealthy ("web: CrashLoopBackOff"). */
  why?: string;
}
export interface GridRow {
  id: string;
  /** Only when it differs from the id. */
  name?: string;
  /** One list of cells per column (environment type), in the columns' order. */
  cols: GridCell[][];
}

/** The overview's rows trimmed to what the client grid renders (hundreds of cells per page). */
export function gridRows(
  envTypes: string[],
  rows: { id: string; name: string; envs: { id: string; type: string; status: GridCell["status"] | null; at: string | null; by: string | null; outdated: string | null; runtime?: GridCell["runtime"]; runtimeReason?: string }[] }[],
): GridRow[] {
  return rows.map((r) => ({
    id: r.id,
    ...(r.name !== r.id ? { name: r.name } : {}),
    cols: envTypes.map((type) =>
      r.envs
        .filter((c) => c.type === type)
        .map((c) => ({
          id: c.id,
          ...(c.status ? { status: c.status } : {}),
          ...(c.at ? { at: Math.floor(Date.parse(c.at) / 1000) } : {}),
          ...(c.by ? { by: c.by } : {}),
          ...(c.outdated ? { outdated: c.outdated } : {}),
          ...(c.runtime ? { runtime: c.runtime } : {}),
          ...(c.runtimeReason ? { why: c.runtimeReason } : {}),
        })),
    ),
  }));
}
