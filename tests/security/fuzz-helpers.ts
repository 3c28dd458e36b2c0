import { sql } from "drizzle-orm";
import fc from "fast-check";
import type { Db, DbOrTx } from "@/db/client";
import { rawAll } from "@/db/raw";
import { onPostgres } from "../test-db";

/**
 * Row counts of every table in one statement, read through a given handle (inside a
 * transaction, the transaction's own view).
 */
const BOOKKEEPING_TABLES = new Set(["rate_limit_buckets"]);

export async function rowCounter(db: Db): Promise<(on: DbOrTx) => Promise<Record<string, number>>> {
  const all = onPostgres
    ? await rawAll<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    : await rawAll<{ name: string }>(db, sql`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`);
  // Every request spends from a rate-limit bucket; that is bookkeeping, not a write the input caused.
  const tables = all.filter((t) => !BOOKKEEPING_TABLES.has(t.name));
  const statement = sql.raw(tables.map((t) => `SELECT '${t.name}' AS t, count(*) AS n FROM "${t.name}"`).join(" UNION ALL "));
  return async (on) => Object.fromEntries((await rawAll<{ t: string; n: number | string }>(on, statement)).map((r) => [r.t, Number(r.n)]));
}

/** Values that break naive parsers and validators, mixed with arbitrary JSON. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null, "", " ", ".", "-", "0", -1, 0, 1, 65535, 65536, 2 ** 53 + 1, -0, 1.5, true, false, [], {}, [null], { "": "" },
      "${", "${}", "${resources.db.host}", "${resources.nope.x}", "${metadata.name}", "${resources.db}", "$${x}",
      "x".repeat(5000), "\u0000", "\ud800", "é\u200b", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --",
      "__proto__", "constructor", { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
      "2024-13-45", "1e999", "NaN", "Infinity",
    ),
  },
);

/** Applies `mutations` (path → value, `undefined` deletes) to a deep copy of `base`. */
export function mutate(base: unknown, mutations: [string[], unknown][]): unknown {
  let root: unknown = structuredClone(base);
  for (const [path, value] of mutations) {
    if (path.length === 0) {
      root = value;
      continue;
    }
    let node = root as Record<string, unknown>;
    if (node === null || typeof node !== "object") root = node = {};
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== "object") node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** Known paths of a document plus random keys below them: where mutations land. */
export function pathArb(known: string[][]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...known), fc.string({ minLength: 1, maxLength: 8 })).map(([p, k]) => [...p, k]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
  );
}

export function mutationsArb(known: string[][]): fc.Arbitrary<[string[], unknown][]> {
  return fc.array(fc.tuple(pathArb(known), fc.oneof({ weight: 5, arbitrary: nastyValue }, { weight: 1, arbitrary: fc.constant(undefined) })), { minLength: 1, maxLength: 4 });
}

/** Raw-text corruption of a valid document: cut, inserted characters, tabs, duplicate keys. */
export function corruptText(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: text.length }), fc.constantFrom("\t", ":", "- ", "{", "[", "'", '"', "&a ", "*a", "!!binary ", "\n  ", "\n---\n", "%YAML 1.1\n", "? ", "|", ">")).map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
    fc.string({ maxLength: 200 }),
    fc.constant(text + text),
    fc.constant("a: &a [1,2,3]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"),
  );
}

/**
 * A rejection must say where the problem is: field errors in `details.fields`/`fields`, or a
 * message that names a field, a path or a line.
 */
export function namesTheField(message: string, fields: { field: string }[] | undefined): boolean {
  if (fields && fields.length > 0) return fields.every((f) => typeof f.field === "string" && f.field.length > 0);
  return /line \d+|:\d+|\b[\w.$/[\]-]+: |"[^"]+"|`[^`]+`/.test(message);
}
