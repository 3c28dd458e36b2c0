import crypto from "node:crypto";

/**
 * AES-256-GCM encryption of secrets at rest. Ciphertext format:
 * `v1.<keyId>.<iv>.<tag>.<data>` (base64url parts). The key id lets a wrong key be told
 * apart from tampered data, so neither ever yields garbage.
 */
export class SecretBoxError extends Error {
  constructor(
    message: string,
    readonly reason: "wrong-key" | "tampered" | "malformed",
  ) {
    super(message);
  }
}

export interface SecretBox {
  readonly keyId: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** A secret for another purpose (e.g. signing sessions), derived from the key: HMAC(key, purpose). */
  deriveSecret(purpose: string): string;
}

export function keyIdOf(key: Buffer): string {
  return crypto.createHmac("sha256", key).update("baton-key-id").digest("base64url").slice(0, 12);
}

export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new SecretBoxError("secret key must be 32 bytes (64 hex characters or base64)", "malformed");
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError("secret key must be 32 bytes", "malformed");
  const keyId = keyIdOf(key);
  return {
    keyId,
    deriveSecret(purpose) {
      return crypto.createHmac("sha256", key).update(`baton-derive:${purpose}`).digest("base64url");
    },
    encrypt(plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ["v1", keyId, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
    },
    decrypt(ciphertext) {
      const parts = ciphertext.split(".");
      if (parts.length !== 5 || parts[0] !== "v1") {
        throw new SecretBoxError("encrypted value is malformed (expected v1.<key>.<iv>.<tag>.<data>)", "malformed");
      }
      const [, kid, iv, tag, data] = parts;
      if (kid !== keyId) {
        throw new SecretBoxError(
          `encrypted value was sealed with another key (key id ${kid}, current key id ${keyId}): check BATON_SECRET_KEY or the key file`,
          "wrong-key",
        );
      }
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError("encrypted value failed its integrity check (tampered or corrupted)", "tampered");
      }
    },
  };
}
