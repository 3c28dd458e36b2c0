import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { bySqlDialect, isPostgres, rawAll, rawRun } from "@/db/raw";
import { SecretBoxError, type SecretBox } from "./secret-box";

/**
 * Every secret-box ciphertext, wherever it sits: a whole column (`credentials_enc`) or a string
 * inside a JSON column (definition versions, value-set versions). iv is 12 bytes and the tag
 * 16, so their base64url lengths are fixed; the key id is 12 characters.
 */
const CIPHERTEXT = /v1\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)/g;

export interface RotationReport {
  /** `table.column` → number of ciphertexts re-encrypted there. */
  reencrypted: Record<string, number>;
  /** Ciphertexts already under the new key (a rotation that ran before, or a server that kept writing). */
  alreadyNew: number;
  total: number;
}

export class KeyRotationError extends Error {}

interface TextColumn {
  table: string;
  column: string;
  /** PostgreSQL: the column's type, to cast the rewritten text back to (text, json, jsonb). */
  type: string;
}

async function textColumns(db: DbOrTx): Promise<TextColumn[]> {
  if (isPostgres(db)) {
    const rows = await rawAll<{ table: string; column: string; type: string }>(
      db,
      sql`SELECT table_name AS "table", column_name AS "column", data_type AS "type" FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb') ORDER BY table_name, ordinal_position`,
    );
    return rows.map((r) => ({ ...r, type: r.type === "character varying" ? "text" : r.type }));
  }
  const tables = await rawAll<{ name: string }>(db, sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`);
  const out: TextColumn[] = [];
  for (const { name } of tables) {
    const cols = await rawAll<{ name: string; type: string }>(db, sql`SELECT name, type FROM pragma_table_info(${name})`);
    // Scan every column whose declared type can hold text (SQLite stores JSON as text).
    for (const c of cols) if (/TEXT|CHAR|CLOB|^$/i.test(c.type)) out.push({ table: name, column: c.name, type: c.type });
  }
  return out;
}

/** The rows of a column that hold a ciphertext, with a handle on each row for the update. */
async function rowsWithCiphertext(db: DbOrTx, { table, column }: TextColumn): Promise<{ rid: string | number; v: string }[]> {
  const t = sql.identifier(table);
  const c = sql.identifier(column);
  // PostgreSQL has no rowid: ctid addresses the row version inside this transaction (each row is updated at most once per column).
  return await rawAll(
    db,
    bySqlDialect(db, {
      sqlite: sql`SELECT rowid AS rid, ${c} AS v FROM ${t} WHERE typeof(${c}) = 'text' AND instr(${c}, 'v1.') > 0`,
      postgres: sql`SELECT ctid::text AS rid, ${c}::text AS v FROM ${t} WHERE strpos(${c}::text, 'v1.') > 0`,
    }),
  );
}

async function updateRow(db: DbOrTx, { table, column, type }: TextColumn, rid: string | number, value: string): Promise<void> {
  const t = sql.identifier(table);
  const c = sql.identifier(column);
  await rawRun(
    db,
    bySqlDialect(db, {
      sqlite: sql`UPDATE ${t} SET ${c} = ${value} WHERE rowid = ${rid}`,
      postgres: sql`UPDATE ${t} SET ${c} = CAST(${value} AS ${sql.raw(type)}) WHERE ctid = CAST(${rid} AS tid)`,
    }),
  );
}

/**
 * Re-encrypts every ciphertext in the database from `oldBox`'s key to `newBox`'s, in one
 * transaction: either every secret moves to the new key or none does. Finds ciphertexts by
 * their shape in every text (and, on PostgreSQL, json) column, so a column added later is
 * covered without a list to keep current. A ciphertext under a third key, or one that fails
 * its integrity check, aborts the rotation (nothing is written) with its table, column and row.
 */
export async function reencryptDatabase(db: Db, oldBox: SecretBox, newBox: SecretBox): Promise<RotationReport> {
  if (oldBox.keyId === newBox.keyId) throw new KeyRotationError("the new key is the current key: nothing to rotate");
  const report: RotationReport = { reencrypted: {}, alreadyNew: 0, total: 0 };
  const rowName = isPostgres(db) ? "ctid" : "rowid";
  await db.transaction(async (tx) => {
    for (const col of await textColumns(tx)) {
      const { table, column } = col;
      for (const row of await rowsWithCiphertext(tx, col)) {
        let changed = false;
        const next = row.v.replace(CIPHERTEXT, (whole: string, keyId: string) => {
          if (keyId === newBox.keyId) {
            report.alreadyNew++;
            return whole;
          }
          let plain: string;
          try {
            plain = oldBox.decrypt(whole);
          } catch (err) {
            const why = err instanceof SecretBoxError ? err.message : String(err);
            throw new KeyRotationError(`${table}.${column} (${rowName} ${row.rid}): ${why}`);
          }
          changed = true;
          const key = `${table}.${column}`;
          report.reencrypted[key] = (report.reencrypted[key] ?? 0) + 1;
          report.total++;
          return newBox.encrypt(plain);
        });
        if (changed) await updateRow(tx, col, row.rid, next);
      }
    }
  });
  return report;
}
