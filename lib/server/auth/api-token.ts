import crypto from "node:crypto";

/** Tokens look like `baton_<43 base64url chars>`; only their sha256 is stored. */
export function generateApiToken(): string {
  return `baton_${crypto.randomBytes(32).toString("base64url")}`;
}

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
