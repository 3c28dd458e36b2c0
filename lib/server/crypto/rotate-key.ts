import type Database from "better-sqlite3";
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
}

function textColumns(sqlite: Database.Database): TextColumn[] {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .all() as { name: string }[];
  const out: TextColumn[] = [];
  for (const { name } of tables) {
    const cols = sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string }[];
    // Scan every column whose declared type can hold text (SQLite stores JSON as text).
    for (const c of cols) if (/TEXT|CHAR|CLOB|^$/i.test(c.type)) out.push({ table: name, column: c.name });
  }
  return out;
}

/**
 * Re-encrypts every ciphertext in the database from `oldBox`'s key to `newBox`'s, in one
 * transaction: either every secret moves to the new key or none does. Finds ciphertexts by
 * their shape in every text column, so a column added later is covered without a list to
 * keep current. A ciphertext under a third key, or one that fails its integrity check,
 * aborts the rotation (nothing is written) with its table, column and row.
 */
export function reencryptDatabase(sqlite: Database.Database, oldBox: SecretBox, newBox: SecretBox): RotationReport {
  if (oldBox.keyId === newBox.keyId) throw new KeyRotationError("the new key is the current key: nothing to rotate");
  const report: RotationReport = { reencrypted: {}, alreadyNew: 0, total: 0 };
  const run = sqlite.transaction(() => {
    for (const { table, column } of textColumns(sqlite)) {
      const rows = sqlite
        .prepare(`SELECT rowid AS rid, "${column}" AS v FROM "${table}" WHERE typeof("${column}") = 'text' AND instr("${column}", 'v1.') > 0`)
        .all() as { rid: number; v: string }[];
      const update = sqlite.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`);
      for (const row of rows) {
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
            throw new KeyRotationError(`${table}.${column} (rowid ${row.rid}): ${why}`);
          }
          changed = true;
          const key = `${table}.${column}`;
          report.reencrypted[key] = (report.reencrypted[key] ?? 0) + 1;
          report.total++;
          return newBox.encrypt(plain);
        });
        if (changed) update.run(next, row.rid);
      }
    }
  });
  run.immediate();
  return report;
}
