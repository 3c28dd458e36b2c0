/**
 * Sprig's password and key functions. Deterministic ones (derivePassword, decryptAES and
 * every error) are compared with real Go byte for byte; random ones by properties: what
 * encryptAES writes Go decrypts and the other way round, bcrypt hashes verify with a bcrypt
 * library, generated keys parse with node's crypto and have the asked-for type and size.
 */
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import bcryptjs from "bcryptjs";
import { describe, expect, it } from "vitest";
import { type OracleRequest, goAvailable } from "@/tools/gotemplate-oracle/client";
import { renderOurs, useOracle } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("sprig crypto differential test skipped: `go` is not installed");

function ours(template: string, data: Record<string, unknown> = {}): string {
  const out = renderOurs({ name: "t", template, data: JSON.stringify(data), format: "json" });
  if (!out.ok) throw new Error(out.error);
  return out.output;
}

const req = (template: string, data: Record<string, unknown> = {}): OracleRequest => ({ name: "t", template, data: JSON.stringify(data), format: "json" });

describe.skipIf(!haveGo)("derivePassword, decryptAES and errors: byte-for-byte against Go", () => {
  const go = useOracle();
  const compare = go.expectSameAsGo;

  it("derives Master Password passwords of every template type", async () => {
    const types = ["maximum", "long", "medium", "short", "basic", "pin", "nonsense"];
    await compare([
      ...types.map((t) => req(`{{ derivePassword 1 .t "master pw" "user@example.com" "example.com" }}`, { t })),
      req(`{{ derivePassword 4294967297 "long" "pässwörd" "ünïcode" "site" }}`),
      req(`{{ derivePassword 0 "pin" "" "" "" }}`),
      req(`{{ derivePassword -1 "pin" "a" "b" "c" }}`),
      req(`{{ derivePassword .n "pin" "a" "b" "c" }}`, { n: 1 }),
    ]);
  });

  it("decrypts, and fails on malformed ciphertext, exactly as Go", async () => {
    const cases = [
      "", "not base64!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      Buffer.alloc(32, 7).toString("base64"), Buffer.alloc(48, 1).toString("base64"),
    ];
    await compare([
      ...cases.map((c) => req(`{{ decryptAES "password" .c | quote }}`, { c })),
      req(`{{ genPrivateKey "bogus" }}`),
      req(`{{ htpasswd "a:b" "pw" }}`),
      req(`{{ encryptAES "pw" "" | quote }}`),
    ]);
  });

  it("round-trips encryptAES between Go and Baton in both directions", async () => {
    const plain = "top secret — ünïcode, and longer than one sixteen-byte block";
    const [fromGo] = await go.oracle().renderMany([req(`{{ encryptAES "key" .p }}`, { p: plain })]);
    expect(fromGo.ok).toBe(true);
    expect(ours(`{{ decryptAES "key" .c }}`, { c: fromGo.output })).toBe(plain);
    const fromUs = ours(`{{ encryptAES "a password longer than thirty-two bytes is cut" .p }}`, { p: plain });
    const [back] = await go.oracle().renderMany([req(`{{ decryptAES "a password longer than thirty-two bytes is cut" .c }}`, { c: fromUs })]);
    expect(back).toMatchObject({ ok: true, output: plain });
    // a fresh IV each time
    expect(ours(`{{ encryptAES "k" "x" }}`)).not.toBe(ours(`{{ encryptAES "k" "x" }}`));
  });
});

describe("bcrypt, htpasswd and genPrivateKey", () => {
  it("writes bcrypt hashes in Go's $2a$10$ format that verify", () => {
    const hash = ours(`{{ bcrypt "s3cret" }}`);
    expect(hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync("s3cret", hash)).toBe(true);
    expect(bcryptjs.compareSync("other", hash)).toBe(false);
    const [user, entry] = ours(`{{ htpasswd "alice" "wonderland" }}`).split(/:(.*)/s);
    expect(user).toBe("alice");
    expect(bcryptjs.compareSync("wonderland", entry)).toBe(true);
  });

  it("generates keys of each type in the PEM format Go writes", () => {
    const rsa = ours(`{{ genPrivateKey "rsa" }}`);
    expect(rsa).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END RSA PRIVATE KEY-----\n$/);
    expect(createPrivateKey(rsa).asymmetricKeyDetails).toMatchObject({ modulusLength: 4096, publicExponent: 65537n });
    const ec = ours(`{{ genPrivateKey "ecdsa" }}`);
    expect(ec).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(createPrivateKey(ec).asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    const ed = ours(`{{ genPrivateKey "ed25519" }}`);
    expect(ed).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(ed).asymmetricKeyType).toBe("ed25519");
    const dsa = ours(`{{ genPrivateKey "dsa" }}`);
    expect(dsa).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(dsa);
    expect(key.asymmetricKeyType).toBe("dsa");
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, divisorLength: 256 });
    // the y written into the traditional format belongs to x: what x signs, y verifies
    const signature = sign("sha256", Buffer.from("payload"), key);
    expect(verify("sha256", Buffer.from("payload"), createPublicKey(key), signature)).toBe(true);
  }, 120_000);

  it("charges the step budget for expensive calls, so a loop of them stops early", () => {
    const out = renderOurs({ name: "t", template: `{{ range until 1000 }}{{ bcrypt "x" }}{{ end }}`, data: "", format: "none" });
    expect(out.ok).toBe(false);
    expect(out.error).toContain("error calling bcrypt: step budget exhausted");
  }, 60_000);
});
