import { sqliteClientOf } from "@/db/client";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig as getPgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryDb } from "@/db/client";
import * as sqliteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";

/*
 * The PostgreSQL schema (db/schema-pg) must mirror the SQLite one (db/schema) table by table,
 * and each drizzle schema must match what its migrations build. Four descriptions are compared:
 *   SQLite migrations (PRAGMA on a migrated database)  <->  SQLite drizzle tables
 *   SQLite (migrated, types refined by drizzle)        <->  Postgres drizzle tables
 *   Postgres migrations (pg_catalog on a migrated database, when BATON_TEST_POSTGRES_URL is set)
 *                                                       <->  Postgres drizzle tables and SQLite
 */

/** Type families: what the JavaScript value is, whichever dialect stores it. */
type Family = "text" | "json" | "boolean" | "integer";
type Column = { type: string; notNull: boolean };
type Index = { columns: string[]; unique: boolean; partial: boolean };
type Table = {
  columns: Map<string, Column>;
  primaryKey: string[];
  /** `(a,b) -> table(c,d) on delete x`, the constraint's name aside (SQLite has none). */
  foreignKeys: Set<string>;
  /** Unique constraints and indexes by name; primary keys excluded. */
  indexes: Map<string, Index>;
};
type Schema = Map<string, Table>;

const emptyTable = (): Table => ({ columns: new Map(), primaryKey: [], foreignKeys: new Set(), indexes: new Map() });
const fk = (from: string[], table: string, to: string[], onDelete: string | undefined) =>
  `(${from.join(",")}) -> ${table}(${to.join(",")}) on delete ${(onDelete ?? "no action").toLowerCase()}`;
const showColumn = (c: Column) => `${c.type}${c.notNull ? " not null" : " null"}`;
const showIndex = (i: Index) => `${i.unique ? "unique " : ""}(${i.columns.join(",")})${i.partial ? " partial" : ""}`;

/** Every difference between two descriptions, naming table, column or index and the side that lacks it. */
function diff(a: Schema, b: Schema, aName: string, bName: string): string[] {
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const ta = a.get(name);
    const tb = b.get(name);
    if (!ta || !tb) {
      out.push(`table ${name}: in ${ta ? aName : bName}, missing in ${ta ? bName : aName}`);
      continue;
    }
    for (const col of new Set([...ta.columns.keys(), ...tb.columns.keys()])) {
      const ca = ta.columns.get(col);
      const cb = tb.columns.get(col);
      if (!ca || !cb) out.push(`table ${name}: column ${col} (${showColumn((ca ?? cb)!)}) in ${ca ? aName : bName}, missing in ${ca ? bName : aName}`);
      else if (ca.type !== cb.type || ca.notNull !== cb.notNull)
        out.push(`table ${name}: column ${col} is ${showColumn(ca)} in ${aName} but ${showColumn(cb)} in ${bName}`);
    }
    if (ta.primaryKey.join(",") !== tb.primaryKey.join(","))
      out.push(`table ${name}: primary key (${ta.primaryKey.join(",")}) in ${aName} but (${tb.primaryKey.join(",")}) in ${bName}`);
    for (const f of ta.foreignKeys) if (!tb.foreignKeys.has(f)) out.push(`table ${name}: foreign key ${f} in ${aName}, missing in ${bName}`);
    for (const f of tb.foreignKeys) if (!ta.foreignKeys.has(f)) out.push(`table ${name}: foreign key ${f} in ${bName}, missing in ${aName}`);
    for (const idx of new Set([...ta.indexes.keys(), ...tb.indexes.keys()])) {
      const ia = ta.indexes.get(idx);
      const ib = tb.indexes.get(idx);
      if (!ia || !ib) out.push(`table ${name}: index ${idx} ${showIndex((ia ?? ib)!)} in ${ia ? aName : bName}, missing in ${ia ? bName : aName}`);
      else if (showIndex(ia) !== showIndex(ib)) out.push(`table ${name}: index ${idx} is ${showIndex(ia)} in ${aName} but ${showIndex(ib)} in ${bName}`);
    }
  }
  return out;
}

// ---- SQLite: the migrated database -------------------------------------------------------

/** Storage types as declared by the migrations ("text", "integer"). */
function describeSqliteDb(): Schema {
  const db = openMemoryDb();
  const q = <T>(sql: string) => sqliteClientOf(db)!.prepare(sql).all() as T[];
  const schema: Schema = new Map();
  const tables = q<{ name: string; type: string }>("PRAGMA table_list").filter(
    (t) => t.type === "table" && !t.name.startsWith("sqlite_") && t.name !== "__drizzle_migrations",
  );
  for (const { name } of tables) {
    const t = emptyTable();
    const cols = q<{ name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info("${name}")`);
    for (const c of cols) t.columns.set(c.name, { type: c.type.toLowerCase(), notNull: c.notnull === 1 });
    t.primaryKey = cols.filter((c) => c.pk > 0).sort((x, y) => x.pk - y.pk).map((c) => c.name);
    const fks = q<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(`PRAGMA foreign_key_list("${name}")`);
    for (const id of new Set(fks.map((f) => f.id))) {
      const parts = fks.filter((f) => f.id === id).sort((x, y) => x.seq - y.seq);
      t.foreignKeys.add(fk(parts.map((p) => p.from), parts[0].table, parts.map((p) => p.to), parts[0].on_delete));
    }
    for (const idx of q<{ name: string; unique: number; origin: string; partial: number }>(`PRAGMA index_list("${name}")`)) {
      if (idx.origin === "pk") continue;
      const cols = q<{ seqno: number; name: string }>(`PRAGMA index_info("${idx.name}")`).sort((x, y) => x.seqno - y.seqno);
      t.indexes.set(idx.name, { columns: cols.map((c) => c.name), unique: idx.unique === 1, partial: idx.partial === 1 });
    }
    schema.set(name, t);
  }
  sqliteClientOf(db)!.close();
  return schema;
}

// ---- drizzle table objects (both dialects) -----------------------------------------------

type AnyConfig = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>;

function describeConfig(config: AnyConfig, type: (column: AnyConfig["columns"][number]) => string): Table {
  const t = emptyTable();
  for (const c of config.columns) t.columns.set(c.name, { type: type(c), notNull: c.notNull });
  t.primaryKey = [
    ...config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
  ];
  for (const f of config.foreignKeys) {
    const ref = f.reference();
    t.foreignKeys.add(fk(ref.columns.map((c) => c.name), getTableName(ref.foreignTable), ref.foreignColumns.map((c) => c.name), f.onDelete));
  }
  for (const c of config.columns) {
    if (c.isUnique) t.indexes.set(c.uniqueName ?? `${config.name}_${c.name}_unique`, { columns: [c.name], unique: true, partial: false });
  }
  for (const u of config.uniqueConstraints) {
    t.indexes.set(u.getName() ?? "(unnamed unique)", { columns: u.columns.map((c) => c.name), unique: true, partial: false });
  }
  for (const idx of config.indexes) {
    const columns = idx.config.columns.map((c) => ("name" in c && typeof c.name === "string" ? c.name : "(expression)"));
    t.indexes.set(idx.config.name ?? "(unnamed index)", { columns, unique: idx.config.unique ?? false, partial: idx.config.where !== undefined });
  }
  return t;
}

/** A drizzle SQLite column's family: json and boolean are modes of text and integer. */
function sqliteFamily(c: AnyConfig["columns"][number]): Family {
  switch (c.columnType) {
    case "SQLiteText":
      return "text";
    case "SQLiteTextJson":
    case "SQLiteBlobJson":
      return "json";
    case "SQLiteBoolean":
      return "boolean";
    case "SQLiteInteger":
    case "SQLiteTimestamp":
      return "integer";
    default:
      return `unmapped ${c.columnType}` as Family;
  }
}
const storageOf: Record<Family, string> = { text: "text", json: "text", boolean: "integer", integer: "integer" };

function describeSqliteDrizzle(family: boolean): Schema {
  const schema: Schema = new Map();
  for (const table of Object.values(sqliteSchema)) {
    if (!is(table, SQLiteTable)) continue;
    const config = getSqliteTableConfig(table);
    schema.set(config.name, describeConfig(config, (c) => (family ? sqliteFamily(c) : storageOf[sqliteFamily(c)] ?? c.getSQLType())));
  }
  return schema;
}

/** A Postgres SQL type's family. */
function pgFamily(sqlType: string): Family {
  const t = sqlType.toLowerCase();
  if (t === "text" || t.startsWith("varchar") || t.startsWith("character varying")) return "text";
  if (t === "jsonb" || t === "json") return "json";
  if (t === "boolean" || t === "bool") return "boolean";
  if (["integer", "int4", "bigint", "int8", "smallint", "int2"].includes(t)) return "integer";
  return `unmapped ${sqlType}` as Family;
}

function describePgDrizzle(): Schema {
  const schema: Schema = new Map();
  for (const table of Object.values(pgSchema)) {
    if (!is(table, PgTable)) continue;
    const config = getPgTableConfig(table);
    schema.set(config.name, describeConfig(config, (c) => pgFamily(c.getSQLType())));
  }
  return schema;
}

/** The migrated SQLite database with each column's family taken from its drizzle column (once the two agree on storage). */
function withFamilies(db: Schema, drizzleFamilies: Schema): Schema {
  const out: Schema = new Map();
  for (const [name, t] of db) {
    const columns = new Map<string, Column>();
    for (const [col, c] of t.columns) {
      const family = drizzleFamilies.get(name)?.columns.get(col)?.type as Family | undefined;
      columns.set(col, { ...c, type: family && storageOf[family] === c.type ? family : c.type });
    }
    out.set(name, { ...t, columns });
  }
  return out;
}

// ---- Postgres: a migrated database (optional) ---------------------------------------------

const PG_URL = process.env.BATON_TEST_POSTGRES_URL;
const PG_MIGRATIONS = path.join(process.cwd(), "db", "migrations-pg");

const INSERTION_ORDERED = new Set(["matching_criteria", "resource_definition_versions", "env_types"]);

async function describePgDb(client: pg.Client): Promise<Schema> {
  const schema: Schema = new Map();
  const rows = async <T>(sql: string) => (await client.query(sql)).rows as T[];
  for (const { table_name } of await rows<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  )) {
    schema.set(table_name, emptyTable());
  }
  for (const c of await rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  )) {
    // rowid: SQLite's implicit insertion order, an explicit column on PostgreSQL (migration 0002).
    if (c.column_name === "rowid" && INSERTION_ORDERED.has(c.table_name)) continue;
    schema.get(c.table_name)?.columns.set(c.column_name, { type: pgFamily(c.data_type), notNull: c.is_nullable === "NO" });
  }
  // Constraint and index columns in their declared order.
  const constraints = await rows<{ table_name: string; contype: string; cols: string[]; ftable: string | null; fcols: string[] | null; confdeltype: string }>(`
    SELECT rel.relname AS table_name, con.contype, frel.relname AS ftable, con.confdeltype,
      ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols,
      ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS fcols
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace AND ns.nspname = 'public'
    LEFT JOIN pg_class frel ON frel.oid = con.confrelid
    WHERE con.contype IN ('p', 'f')`);
  const onDelete: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };
  for (const c of constraints) {
    const t = schema.get(c.table_name);
    if (!t) continue;
    if (c.contype === "p") t.primaryKey = c.cols;
    else t.foreignKeys.add(fk(c.cols, c.ftable!, c.fcols!, onDelete[c.confdeltype]));
  }
  const indexes = await rows<{ table_name: string; index_name: string; indisunique: boolean; partial: boolean; cols: string[] }>(`
    SELECT rel.relname AS table_name, irel.relname AS index_name, i.indisunique, i.indpred IS NOT NULL AS partial,
      ARRAY(SELECT COALESCE(a.attname, '(expression)') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols
    FROM pg_index i
    JOIN pg_class rel ON rel.oid = i.indrelid
    JOIN pg_class irel ON irel.oid = i.indexrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace AND ns.nspname = 'public'
    WHERE NOT i.indisprimary`);
  for (const i of indexes) schema.get(i.table_name)?.indexes.set(i.index_name, { columns: i.cols, unique: i.indisunique, partial: i.partial });
  return schema;
}

// ---- the comparisons ----------------------------------------------------------------------

describe("schema parity", () => {
  const sqliteDb = describeSqliteDb();
  const sqliteDrizzleStorage = describeSqliteDrizzle(false);
  const sqlite = withFamilies(sqliteDb, describeSqliteDrizzle(true));
  const pgDrizzle = describePgDrizzle();

  it("describes every table", () => {
    expect(sqliteDb.size).toBeGreaterThan(20);
    expect([...sqlite.values()].flatMap((t) => [...t.columns.values()]).some((c) => c.type === "json")).toBe(true);
  });

  it("the SQLite drizzle tables match the SQLite migrations", () => {
    expect(diff(sqliteDb, sqliteDrizzleStorage, "SQLite migrations", "SQLite drizzle schema (db/schema)")).toEqual([]);
  });

  it("the Postgres drizzle tables mirror the SQLite schema", () => {
    expect(diff(sqlite, pgDrizzle, "SQLite", "Postgres drizzle schema (db/schema-pg)")).toEqual([]);
  });

  it("the Postgres drizzle tables have the SQLite defaults, enums and generated ids", () => {
    // What the database fills in or the types allow, per column: compared on the drizzle objects
    // (both sets of migrations are generated from them, and the migrations are checked above).
    type Extras = Map<string, string>;
    const extras = (tables: Record<string, unknown>, isTable: (t: unknown) => boolean, config: (t: never) => AnyConfig): Extras => {
      const out: Extras = new Map();
      for (const table of Object.values(tables)) {
        if (!isTable(table)) continue;
        const c = config(table as never);
        for (const col of c.columns) {
          const generated = ("autoIncrement" in col && col.autoIncrement) || ("generatedIdentity" in col && col.generatedIdentity !== undefined);
          out.set(
            `table ${c.name}: column ${col.name}`,
            `default ${col.default === undefined ? "none" : JSON.stringify(col.default)}, enum ${JSON.stringify(col.enumValues ?? null)}${generated ? ", generated id" : ""}`,
          );
        }
      }
      return out;
    };
    const a = extras(sqliteSchema, (t) => is(t, SQLiteTable), getSqliteTableConfig as (t: never) => AnyConfig);
    const b = extras(pgSchema, (t) => is(t, PgTable), getPgTableConfig as (t: never) => AnyConfig);
    const out: string[] = [];
    for (const [key, va] of a) if (b.has(key) && b.get(key) !== va) out.push(`${key} has ${va} in SQLite but ${b.get(key)} in Postgres`);
    expect(out).toEqual([]);
  });

  describe("a migrated Postgres database", () => {
    let admin: pg.Client | undefined;
    let client: pg.Client | undefined;
    const database = `baton_parity_${process.pid}_${Date.now()}`;
    // Said once, at collection (a hook of a suite whose tests are all skipped does not run).
    if (!PG_URL) console.info("schema parity: live Postgres comparison skipped because BATON_TEST_POSTGRES_URL is unset (compared with the db/schema-pg drizzle tables only)");

    beforeAll(async () => {
      if (!PG_URL) return;
      // A fresh database, not a schema: the generated migrations reference "public".
      admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      const url = new URL(PG_URL);
      url.pathname = `/${database}`;
      client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS });
    });

    afterAll(async () => {
      await client?.end();
      if (admin) {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
    });

    it.skipIf(!PG_URL)("matches the Postgres drizzle tables (db/migrations-pg is current)", async () => {
      expect(diff(await describePgDb(client!), pgDrizzle, "Postgres migrations (db/migrations-pg)", "Postgres drizzle schema (db/schema-pg)")).toEqual([]);
    });

    it.skipIf(!PG_URL)("mirrors the SQLite schema", async () => {
      expect(diff(sqlite, await describePgDb(client!), "SQLite", "Postgres migrations (db/migrations-pg)")).toEqual([]);
    });
  });
});

// ---- row types: what the data layer reads and writes is the same in both dialects ---------

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Rows<S, K extends "$inferSelect" | "$inferInsert"> = { [T in keyof S]: S[T] extends Record<K, infer R> ? R : never };
const selectTypesEqual: Equal<Rows<typeof sqliteSchema, "$inferSelect">, Rows<typeof pgSchema, "$inferSelect">> = true;
const insertTypesEqual: Equal<Rows<typeof sqliteSchema, "$inferInsert">, Rows<typeof pgSchema, "$inferInsert">> = true;
it("row types are equal between dialects (checked by tsc)", () => {
  expect(selectTypesEqual && insertTypesEqual).toBe(true);
});
