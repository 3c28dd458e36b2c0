import fs from "node:fs";
import path from "node:path";

/**
 * The comparison of a database's applied migrations with this binary's drizzle journal, shared by
 * both databases: each dialect only reads its `created_at` column (see appliedMigrationTimes in
 * ./client and ./postgres), the verdict is made here.
 */
export interface JournalEntry {
  tag: string;
  when: number;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
}

export class SchemaTooNewError extends Error {}

export interface SchemaStatus {
  /** Journal migrations the database has not applied, by tag, in journal order. */
  pending: string[];
  /** Applied migrations (created_at, ms) this journal does not list: a newer Baton migrated the database. */
  unknown: number[];
}

/** `applied` is undefined when the database has no migrations table yet (nothing applied). */
export function compareWithJournal(journal: JournalEntry[], applied: number[] | undefined): SchemaStatus {
  const done = new Set(applied ?? []);
  const known = new Set(journal.map((e) => e.when));
  return {
    pending: journal.filter((e) => !done.has(e.when)).map((e) => e.tag),
    unknown: [...done].filter((when) => !known.has(when)).sort((a, b) => a - b),
  };
}

/** A binary older than the schema it finds must not run against it: it would misread the tables. */
export function refuseNewerSchema(journal: JournalEntry[], applied: number[] | undefined): void {
  const { unknown } = compareWithJournal(journal, applied);
  if (unknown.length === 0) return;
  throw new SchemaTooNewError(
    `The database was migrated by a newer Baton: migration created ${new Date(unknown[0]).toISOString()} is not one this binary knows (its latest is ${journal.at(-1)?.tag ?? "(none)"}). Run the newer Baton, or restore a backup taken before the upgrade.`,
  );
}
