import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { SecretBoxError, createSecretBox } from "@/lib/server/crypto/secret-box";

const box = createSecretBox(crypto.randomBytes(32));

describe("secret box (AES-256-GCM)", () => {
  it("round-trips text, including empty and unicode", () => {
    for (const s of ["", "hunter2", "päss—wörd 🔑", "x".repeat(10_000)]) expect(box.decrypt(box.encrypt(s))).toBe(s);
  });

  it("never contains the plaintext and differs on every encryption", () => {
    const secret = "super-secret-database-password";
    const a = box.encrypt(secret);
    const b = box.encrypt(secret);
    expect(a).not.toBe(b);
    for (const c of [a, b]) {
      expect(c).not.toContain(secret);
      expect(Buffer.from(c).toString("base64")).not.toContain(Buffer.from(secret).toString("base64"));
      expect(c).not.toContain(Buffer.from(secret).toString("base64url"));
    }
  });

  it("detects tampering anywhere in the ciphertext", () => {
    const c = box.encrypt("payload-to-protect");
    const parts = c.split(".");
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i], "base64url");
      bytes[0] ^= 1;
      const tampered = [...parts];
      tampered[i] = bytes.toString("base64url");
      expect(() => box.decrypt(tampered.join("."))).toThrowError(SecretBoxError);
      try {
        box.decrypt(tampered.join("."));
      } catch (e) {
        expect((e as SecretBoxError).reason).toBe("tampered");
      }
    }
  });

  it("says clearly when the key is wrong instead of returning garbage", () => {
    const other = createSecretBox(crypto.randomBytes(32));
    const c = box.encrypt("value");
    expect(() => other.decrypt(c)).toThrowError(/sealed with another key/);
  });

  it("rejects malformed input", () => {
    expect(() => box.decrypt("not-encrypted")).toThrowError(/malformed/);
  });

  it("generates the key file once with mode 0600 and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-key-"));
    const k1 = loadOrCreateKey(dir);
    const k2 = loadOrCreateKey(dir);
    expect(k1.equals(k2)).toBe(true);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(dir, "ab".repeat(32)).toString("hex")).toBe("ab".repeat(32));
  });
});

describe("password hashing (scrypt)", () => {
  it("verifies the right password only", () => {
    const h = hashPassword("correct horse");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(h).not.toContain("correct horse");
    expect(verifyPassword("correct horse", h)).toBe(true);
    expect(verifyPassword("wrong horse", h)).toBe(false);
    expect(verifyPassword("x", null)).toBe(false);
    expect(verifyPassword("x", "garbage")).toBe(false);
  });
});
