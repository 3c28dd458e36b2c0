import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseKey } from "./secret-box";

/**
 * Returns the secret key: BATON_SECRET_KEY when given, else `<dataDir>/secret.key`, which is
 * generated (mode 0600) on first use. Creation uses O_EXCL so two processes never race.
 */
export function loadOrCreateKey(dataDir: string, envKey?: string): Buffer {
  if (envKey) return parseKey(envKey);
  const file = path.join(dataDir, "secret.key");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return parseKey(fs.readFileSync(file, "utf8"));
}
