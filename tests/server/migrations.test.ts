import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrateDb, openDb, openMemoryDb, readJournal, sqliteClientOf, MIGRATIONS_FOLDER } from "@/db/client";
import { compareWithJournal } from "@/db/migration-journal";
import { pendingDatabaseMigrations } from "@/db/open";
import { openPostgres, PG_MIGRATIONS_FOLDER, postgresPoolOf, SchemaTooNewError } from "@/db/postgres";

const PG_URL = process.env.BATON_TEST_POSTGRES_URL;
const FUTURE = Date.parse("2099-01-01T00:00:00Z");

describe("the comparison with the journal", () => {
  const journal = [
    { tag: "0000_a", when: 10 },
    { tag: "0001_b", when: 20 },
  ];
  it("names pending migrations in journal order, and applied ones it does not know", () => {
    expect(compareWithJournal(journal, undefined)).toEqual({ pending: ["0000_a", "0001_b"], unknown: [] });
    expect(compareWithJournal(journal, [10])).toEqual({ pending: ["0001_b"], unknown: [] });
    expect(compareWithJournal(journal, [30, 20, 10, 25])).toEqual({ pending: [], unknown: [25, 30] });
  });
});

describe("migrations on SQLite", () => {
  it("refuse a database migrated by a newer Baton, naming the migration it does not know", async () => {
    const db = openMemoryDb();
    sqliteClientOf(db)!.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', ?)").run(FUTURE);
    const latest = readJournal(MIGRATIONS_FOLDER).at(-1)!.tag;
    const migrating = migrateDb(db);
    await expect(migrating).rejects.toThrow(SchemaTooNewError);
    await expect(migrating).rejects.toThrow(`migration created 2099-01-01T00:00:00.000Z is not one this binary knows (its latest is ${latest})`);
  });

  it("report the migrations a database lacks (health)", async () => {
    const db = openMemoryDb();
    expect(await pendingDatabaseMigrations(db)).toEqual([]);
    const last = readJournal(MIGRATIONS_FOLDER).at(-1)!;
    sqliteClientOf(db)!.prepare("DELETE FROM __drizzle_migrations WHERE created_at = ?").run(last.when);
    expect(await pendingDatabaseMigrations(db)).toEqual([last.tag]);
    expect(await pendingDatabaseMigrations(openDb(":memory:"))).toEqual(readJournal(MIGRATIONS_FOLDER).map((e) => e.tag));
  });

  it("apply to an empty file and are a no-op the second time", async () => {
    const db = openDb(":memory:");
    await migrateDb(db);
    await migrateDb(db);
    const rows = sqliteClientOf(db)!.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
    expect(rows.n).toBe(readJournal(MIGRATIONS_FOLDER).length);
  });
});

async function withFreshDatabase(body: (url: string) => Promise<void>): Promise<void> {
  const name = `baton_migrate_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  try {
    await body(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe.skipIf(!PG_URL)("migrations on PostgreSQL", () => {
  it("replicas starting at once on an empty database apply every migration exactly once", async () => {
    await withFreshDatabase(async (url) => {
      const replicas = await Promise.all([1, 2, 3, 4].map(() => openPostgres(url, { poolSize: 2 })));
      const pool = postgresPoolOf(replicas[0])!;
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      expect(rows[0].n).toBe(readJournal(PG_MIGRATIONS_FOLDER).length);
      await Promise.all(replicas.map((r) => postgresPoolOf(r)!.end()));
    });
  });

  it("refuse a database migrated by a newer Baton, naming the migration it does not know", async () => {
    await withFreshDatabase(async (url) => {
      const db = await openPostgres(url, { poolSize: 1 });
      await postgresPoolOf(db)!.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('x', $1)", [FUTURE]);
      await postgresPoolOf(db)!.end();
      const latest = readJournal(PG_MIGRATIONS_FOLDER).at(-1)!.tag;
      const opening = openPostgres(url, { poolSize: 1 });
      await expect(opening).rejects.toThrow(SchemaTooNewError);
      await expect(opening).rejects.toThrow(`is not one this binary knows (its latest is ${latest})`);
    });
  });

  it("report the migrations a database lacks (health)", async () => {
    await withFreshDatabase(async (url) => {
      const db = await openPostgres(url, { poolSize: 1 });
      try {
        expect(await pendingDatabaseMigrations(db)).toEqual([]);
        const last = readJournal(PG_MIGRATIONS_FOLDER).at(-1)!;
        await postgresPoolOf(db)!.query("DELETE FROM drizzle.__drizzle_migrations WHERE created_at = $1", [last.when]);
        expect(await pendingDatabaseMigrations(db)).toEqual([last.tag]);
        await postgresPoolOf(db)!.query("DROP SCHEMA drizzle CASCADE");
        expect(await pendingDatabaseMigrations(db)).toEqual(readJournal(PG_MIGRATIONS_FOLDER).map((e) => e.tag));
      } finally {
        await postgresPoolOf(db)!.end();
      }
    });
  });
});

if (!PG_URL) console.info("migrations: the PostgreSQL cases are skipped because BATON_TEST_POSTGRES_URL is unset");
