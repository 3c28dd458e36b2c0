/**
 * Which database this process talks to, decided once from BATON_DATABASE_URL: a
 * `postgres://` (or `postgresql://`) URL selects PostgreSQL, anything else the embedded SQLite.
 * The table objects (./tables) and the driver (./client) both follow it, so a process never
 * mixes the two.
 */
export type Dialect = "sqlite" | "postgres";

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export const processDialect: Dialect = isPostgresUrl(process.env.BATON_DATABASE_URL) ? "postgres" : "sqlite";
