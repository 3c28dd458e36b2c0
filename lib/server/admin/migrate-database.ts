import { createHash } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { getTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import pg from "pg";
import { MIGRATIONS_FOLDER, migrateDb, openDb, sqliteClientOf } from "@/db/client";
import { MIGRATION_LOCK_KEY, PG_MIGRATIONS_FOLDER } from "@/db/postgres";
import * as pgSchema from "@/db/schema-pg";

/**
 * `baton admin migrate-database`: copies an embedded installation (the SQLite database of a
 * data directory) into an empty PostgreSQL database, in one transaction on the target:
 *
 * 1. the target must hold no table at all (else refused, nothing touched);
 * 2. the PostgreSQL migrations are applied inside that transaction (and recorded as drizzle
 *    records them, so Baton starting on the target later finds its schema current);
 * 3. every table of the PostgreSQL schema is copied from its SQLite twin, parents before
 *    children (foreign keys), rows in SQLite rowid order — the hidden `rowid` identity that
 *    migration 0002 adds to three tables then numbers them in the same order; values are
 *    copied as stored (secrets stay ciphertext under the same key);
 * 4. identity sequences are moved past the copied ids;
 * 5. row counts and a content checksum per table are compared, source against target, before
 *    COMMIT. Any failure rolls everything back: the target is as empty as it was.
 *
 * The checksum is computed over a canonical form of each row, so both databases give the same
 * figure for the same data: booleans (SQLite 0/1, PostgreSQL true/false) as true/false,
 * integers as numbers, JSON (SQLite text, PostgreSQL jsonb — which reorders keys) parsed and
 * written with sorted keys, NULL as null. Rows are hashed one by one and the sorted row hashes
 * hashed again, so the two databases' different sort orders for text do not matter.
 */

export class MigrateDatabaseError extends Error {}

export interface TableReport {
  table: string;
  rows: number;
  /** sha256 over the table's canonical rows (hex). */
  checksum: string;
}

export interface MigrateReport {
  tables: TableReport[];
  migrations: string[];
}

export interface MigrateOptions {
  /** The SQLite database file of the installation (`<BATON_DATA_DIR>/baton.db`). */
  sqliteFile: string;
  /** postgres://… of the empty target database. */
  targetUrl: string;
  sqliteMigrationsFolder?: string;
  pgMigrationsFolder?: string;
  /** Progress lines (never values). */
  progress?: (line: string) => void;
}

type Kind = "boolean" | "integer" | "json" | "text";

interface TablePlan {
  name: string;
  columns: { name: string; kind: Kind }[];
  /** Other tables this one references (copied first). */
  parents: string[];
}

function kindOf(column: PgColumn): Kind {
  switch (column.columnType) {
    case "PgBoolean":
      return "boolean";
    case "PgInteger":
    case "PgSmallInt":
    case "PgBigInt53":
    case "PgSerial":
    case "PgSmallSerial":
    case "PgBigSerial53":
      return "integer";
    case "PgJsonb":
    case "PgJson":
      return "json";
    case "PgText":
    case "PgVarchar":
    case "PgChar":
      return "text";
    default:
      throw new MigrateDatabaseError(`column ${column.name}: type ${column.columnType} is not one migrate-database knows how to copy`);
  }
}

/** The PostgreSQL tables, parents before children. */
export function tablePlans(): TablePlan[] {
  const plans = new Map<string, TablePlan>();
  for (const value of Object.values(pgSchema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    plans.set(config.name, {
      name: config.name,
      columns: config.columns.map((c) => ({ name: c.name, kind: kindOf(c) })),
      parents: config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== config.name),
    });
  }
  const ordered: TablePlan[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new MigrateDatabaseError(`foreign keys form a cycle through table ${name}`);
    state.set(name, "visiting");
    for (const parent of plans.get(name)!.parents) visit(parent);
    state.set(name, "done");
    ordered.push(plans.get(name)!);
  };
  for (const name of [...plans.keys()].sort()) visit(name);
  return ordered;
}

/** JSON with object keys sorted at every level: the same text for the same value, whichever database. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** One value in canonical form. `where` names it in errors. */
function canonical(kind: Kind, value: unknown, where: () => string): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "boolean":
      if (value === true || value === 1 || value === 1n) return true;
      if (value === false || value === 0 || value === 0n) return false;
      throw new MigrateDatabaseError(`${where()}: ${JSON.stringify(String(value))} is not a boolean (0 or 1)`);
    case "integer": {
      const n = typeof value === "bigint" ? Number(value) : Number(value);
      if (!Number.isSafeInteger(n)) throw new MigrateDatabaseError(`${where()}: ${String(value)} is not an integer`);
      return n;
    }
    case "json":
      if (typeof value === "string") {
        try {
          return canonicalJson(JSON.parse(value));
        } catch {
          throw new MigrateDatabaseError(`${where()}: the stored text is not valid JSON`);
        }
      }
      return canonicalJson(value);
    case "text":
      return typeof value === "string" ? value : String(value);
  }
}

class TableHasher {
  private readonly rowHashes: string[] = [];
  constructor(private readonly plan: TablePlan) {}
  add(row: Record<string, unknown>, rowNo: number): void {
    const values = this.plan.columns.map((c) => canonical(c.kind, row[c.name], () => `table ${this.plan.name}, row ${rowNo}, column ${c.name}`));
    this.rowHashes.push(createHash("sha256").update(JSON.stringify(values)).digest("hex"));
  }
  result(): TableReport {
    const hash = createHash("sha256");
    for (const h of [...this.rowHashes].sort()) hash.update(h);
    return { table: this.plan.name, rows: this.rowHashes.length, checksum: hash.digest("hex") };
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The target's host and database, for messages (never its password). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(the target URL)";
  }
}

function sqliteTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** Checks both sides have the same tables and columns: a copy never drops data silently. */
function checkSourceMatches(sqlite: Database.Database, plans: TablePlan[]): void {
  const source = new Set(sqliteTables(sqlite));
  const target = new Set(plans.map((p) => p.name));
  const extra = [...source].filter((t) => !target.has(t));
  if (extra.length) throw new MigrateDatabaseError(`the SQLite database has table(s) the PostgreSQL schema lacks: ${extra.join(", ")}; nothing was copied`);
  const missing = [...target].filter((t) => !source.has(t));
  if (missing.length) throw new MigrateDatabaseError(`the SQLite database lacks table(s) of the PostgreSQL schema: ${missing.join(", ")}; nothing was copied`);
  for (const plan of plans) {
    const cols = new Set((sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(plan.name) as { name: string }[]).map((r) => r.name));
    const want = new Set(plan.columns.map((c) => c.name));
    const differ = [...cols].filter((c) => !want.has(c)).concat([...want].filter((c) => !cols.has(c)));
    if (differ.length) throw new MigrateDatabaseError(`table ${plan.name}: the columns differ between the databases (${differ.join(", ")}); nothing was copied`);
  }
}

/** Source rows in insertion (rowid) order. */
function sourceRows(sqlite: Database.Database, plan: TablePlan): Iterable<Record<string, unknown>> {
  const cols = plan.columns.map((c) => quote(c.name)).join(", ");
  return sqlite.prepare(`SELECT ${cols} FROM ${quote(plan.name)} ORDER BY rowid`).iterate() as Iterable<Record<string, unknown>>;
}

function checksumSource(sqlite: Database.Database, plan: TablePlan): TableReport {
  const hasher = new TableHasher(plan);
  let n = 0;
  for (const row of sourceRows(sqlite, plan)) hasher.add(row, ++n);
  return hasher.result();
}

// jsonb is read as text and parsed here: the same path as SQLite's JSON text.
const JSON_AS_TEXT = { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 3802 || oid === 114 ? (v: string) => v : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig;
const FETCH_ROWS = 2000;

/** Checksums a target table through a cursor (bounded memory); must run inside a transaction. */
async function checksumTarget(client: pg.ClientBase, plan: TablePlan): Promise<TableReport> {
  const hasher = new TableHasher(plan);
  const cols = plan.columns.map((c) => quote(c.name)).join(", ");
  await client.query(`DECLARE baton_verify NO SCROLL CURSOR FOR SELECT ${cols} FROM ${quote(plan.name)}`);
  let n = 0;
  for (;;) {
    const rows = (await client.query({ text: `FETCH ${FETCH_ROWS} FROM baton_verify`, types: JSON_AS_TEXT })).rows as Record<string, unknown>[];
    for (const row of rows) hasher.add(row, ++n);
    if (rows.length < FETCH_ROWS) break;
  }
  await client.query("CLOSE baton_verify");
  return hasher.result();
}

/** Tables whose hidden `rowid` identity (migration 0002) keeps insertion order on PostgreSQL. */
async function rowidTables(client: pg.ClientBase): Promise<Set<string>> {
  const r = await client.query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'rowid'");
  return new Set(r.rows.map((x: { table_name: string }) => x.table_name));
}

/** The first column of each table in insertion order on both sides must agree (criteria, versions, env types). */
async function checkOrder(sqlite: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<void> {
  const key = plan.columns.map((c) => c.name).filter((c) => c === "id" || c === "org_id");
  const cols = key.map(quote).join(", ");
  const source = (sqlite.prepare(`SELECT ${cols} FROM ${quote(plan.name)} ORDER BY rowid`).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  const target = (await client.query({ text: `SELECT ${cols} FROM ${quote(plan.name)} ORDER BY rowid`, rowMode: "array" })).rows.map((r: unknown[]) => JSON.stringify(r));
  const at = source.findIndex((s, i) => s !== target[i]);
  if (at >= 0 || source.length !== target.length) throw new MigrateDatabaseError(`table ${plan.name}: the insertion order differs at row ${at + 1}`);
}

async function refuseNonEmpty(client: pg.ClientBase, url: string): Promise<void> {
  const r = await client.query("SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
  if (r.rowCount) {
    const names = r.rows.slice(0, 5).map((x: { s: string; t: string }) => `${x.s}.${x.t}`);
    throw new MigrateDatabaseError(
      `the target database ${describeTarget(url)} is not empty: it holds ${r.rowCount} table(s) (${names.join(", ")}${r.rowCount > 5 ? ", …" : ""}). migrate-database copies into an empty database only: create a new one (CREATE DATABASE …) and pass its URL; nothing was changed`,
    );
  }
}

/** Applies the PostgreSQL migrations inside the caller's transaction, recorded as drizzle's migrator records them. */
async function applyMigrations(client: pg.ClientBase, folder: string): Promise<string[]> {
  const journal = (JSON.parse(fs.readFileSync(`${folder}/meta/_journal.json`, "utf8")) as { entries: { tag: string }[] }).entries;
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  await client.query('CREATE SCHEMA IF NOT EXISTS "drizzle"');
  await client.query('CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
  for (const m of migrations) {
    for (const statement of m.sql) if (statement.trim()) await client.query(statement);
    await client.query('INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)', [m.hash, m.folderMillis]);
  }
  return journal.map((e) => e.tag);
}

const MAX_PARAMS = 30_000;

async function copyTable(sqlite: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<number> {
  const perRow = plan.columns.length;
  const batchRows = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / perRow)));
  const head = `INSERT INTO ${quote(plan.name)} (${plan.columns.map((c) => quote(c.name)).join(", ")}) VALUES `;
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v, i) => {
      params.push(v);
      return plan.columns[i].kind === "json" ? `$${params.length}::jsonb` : `$${params.length}`;
    }).join(", ")})`);
    try {
      await client.query(head + tuples.join(", "), params);
    } catch (err) {
      throw new MigrateDatabaseError(`table ${plan.name}, rows ${copied - batch.length + 1}–${copied}: PostgreSQL refused them: ${(err as Error).message}`);
    }
    batch = [];
  };
  for (const row of sourceRows(sqlite, plan)) {
    copied++;
    batch.push(plan.columns.map((c) => {
      const v = row[c.name];
      if (v === null || v === undefined) return null;
      // As stored: JSON text stays the text (cast to jsonb), ciphertext stays ciphertext.
      if (c.kind === "boolean") return canonical("boolean", v, () => `table ${plan.name}, row ${copied}, column ${c.name}`);
      if (c.kind === "integer") return canonical("integer", v, () => `table ${plan.name}, row ${copied}, column ${c.name}`);
      return typeof v === "string" ? v : String(v);
    }));
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

/** Moves every identity sequence past the ids just copied, so the next insert does not collide. */
async function resetIdentities(client: pg.ClientBase): Promise<void> {
  const r = await client.query("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES' AND identity_generation = 'BY DEFAULT'");
  for (const { t, c } of r.rows as { t: string; c: string }[]) {
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(c)}) FROM ${quote(t)}), 1), (SELECT max(${quote(c)}) FROM ${quote(t)}) IS NOT NULL)`, [quote(t), c]);
  }
}

/** Opens the installation's database and brings its schema up to date, as every start of Baton does (a newer schema is refused). */
async function openSource(file: string, migrationsFolder: string): Promise<Database.Database> {
  if (!fs.existsSync(file)) throw new MigrateDatabaseError(`there is no SQLite database at ${file} (set --data-dir or BATON_DATA_DIR to the installation's data directory)`);
  const db = openDb(file);
  try {
    await migrateDb(db, migrationsFolder);
  } catch (err) {
    sqliteClientOf(db)!.close();
    throw new MigrateDatabaseError(`the SQLite database ${file}: ${(err as Error).message}`);
  }
  return sqliteClientOf(db)!;
}

/** Compares per-table reports; returns a line per difference. */
function differences(source: TableReport[], target: TableReport[]): string[] {
  const byName = new Map(target.map((t) => [t.table, t]));
  const out: string[] = [];
  for (const s of source) {
    const t = byName.get(s.table);
    if (!t) out.push(`${s.table}: missing on the target`);
    else if (t.rows !== s.rows) out.push(`${s.table}: ${s.rows} row(s) in SQLite, ${t.rows} on PostgreSQL`);
    else if (t.checksum !== s.checksum) out.push(`${s.table}: same ${s.rows} row(s) but the content checksums differ`);
  }
  return out;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new MigrateDatabaseError(`cannot connect to the target database ${describeTarget(url)}: ${(err as Error).message}`);
  }
  return client;
}

export async function migrateDatabase(opts: MigrateOptions): Promise<MigrateReport> {
  const progress = opts.progress ?? (() => undefined);
  const plans = tablePlans();
  const sqlite = await openSource(opts.sqliteFile, opts.sqliteMigrationsFolder ?? MIGRATIONS_FOLDER);
  let client: pg.Client | undefined;
  try {
    checkSourceMatches(sqlite, plans);
    client = await connect(opts.targetUrl);
    // One snapshot of the source for the copy and its checksums (nothing may write meanwhile).
    sqlite.exec("BEGIN");
    try {
      await client.query("BEGIN");
      try {
        // Replicas starting now wait for this transaction, then find the schema current.
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
        await refuseNonEmpty(client, opts.targetUrl);
        const migrations = await applyMigrations(client, opts.pgMigrationsFolder ?? PG_MIGRATIONS_FOLDER);
        progress(`applied ${migrations.length} PostgreSQL migration(s) on ${describeTarget(opts.targetUrl)}`);
        for (const plan of plans) {
          const n = await copyTable(sqlite, client, plan);
          progress(`copied ${plan.name}: ${n} row(s)`);
        }
        await resetIdentities(client);
        const source = plans.map((p) => checksumSource(sqlite, p));
        const target: TableReport[] = [];
        for (const p of plans) target.push(await checksumTarget(client, p));
        const diff = differences(source, target);
        if (diff.length) throw new MigrateDatabaseError(`the copy does not match the source, nothing was kept:\n  ${diff.join("\n  ")}`);
        const ordered = await rowidTables(client);
        for (const p of plans.filter((x) => ordered.has(x.name))) await checkOrder(sqlite, client, p);
        await client.query("COMMIT");
        return { tables: source, migrations };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    } finally {
      sqlite.exec("COMMIT");
    }
  } finally {
    await client?.end().catch(() => undefined);
    sqlite.close();
  }
}

/**
 * Compares an installation with a PostgreSQL database it was copied to (row counts and content
 * checksums per table). Returns the differences; empty when they hold the same data.
 */
export async function verifyDatabaseCopy(opts: { sqliteFile: string; targetUrl: string }): Promise<string[]> {
  const plans = tablePlans();
  if (!fs.existsSync(opts.sqliteFile)) throw new MigrateDatabaseError(`there is no SQLite database at ${opts.sqliteFile}`);
  const sqlite = new Database(opts.sqliteFile, { readonly: true });
  const client = await connect(opts.targetUrl);
  try {
    sqlite.exec("BEGIN");
    // One snapshot of the target too (REPEATABLE READ), read through cursors.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      const source = plans.map((p) => checksumSource(sqlite, p));
      const target: TableReport[] = [];
      for (const p of plans) target.push(await checksumTarget(client, p));
      return differences(source, target);
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
      sqlite.exec("COMMIT");
    }
  } finally {
    await client.end().catch(() => undefined);
    sqlite.close();
  }
}
