import crypto from "node:crypto";

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** scrypt password hash, encoded `scrypt$N$r$p$salt$hash` so parameters can change later. */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, KEYLEN, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/**
 * Stands in for the hash of an account that does not exist (or is disabled, or has no
 * password): same cost parameters as a real hash, a hash no password produces in practice.
 */
const DUMMY_HASH = ["scrypt", N, R, P, Buffer.alloc(16).toString("base64url"), Buffer.alloc(KEYLEN).toString("base64url")].join("$");

/**
 * Always costs one scrypt derivation, also without a usable hash (`null` for an unknown email):
 * sign-in must take as long for an unknown account as for a wrong password, or the response
 * time tells which accounts exist.
 */
export function verifyPassword(password: string, encoded: string | null | undefined): boolean {
  const parts = encoded?.split("$") ?? [];
  const usable = parts[0] === "scrypt" && Boolean(parts[4]) && Boolean(parts[5]);
  const [, n, r, p, salt, hash] = usable ? parts : DUMMY_HASH.split("$");
  const expected = Buffer.from(hash, "base64url");
  const actual = crypto.scryptSync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(expected, actual) && usable;
}
