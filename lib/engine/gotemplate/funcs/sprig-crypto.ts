/**
 * Sprig's password and key functions (crypto.go): bcrypt, htpasswd, derivePassword (the
 * Master Password algorithm), genPrivateKey, encryptAES/decryptAES. Outputs match Go's
 * byte for byte where they are deterministic and in format where they are random. The
 * expensive ones charge the step budget, so a loop of them runs out of steps, not hours.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync } from "node:crypto";
import bcryptjs from "bcryptjs";
import { GoFuncError } from "../errors";
import { decodeUtf8Lenient, utf8Bytes } from "../utf8";
import { base64Decode, base64Encode } from "./sprig-encoding";
import { type CallContext, type FuncMap, goFunc } from "./types";
import { derInteger, derSequence, pemDecode, pemEncode, readDer } from "./der";

/** Step charges: about what each call costs in time, counted in template actions (~10M actions take a second or two). */
const COST = { bcrypt: 500_000, scrypt: 500_000, rsa4096: 5_000_000, dsa: 5_000_000, smallKey: 10_000 };

/** Go's bcrypt.DefaultCost; Go writes the $2a$ prefix for the same hash bcryptjs writes as $2b$. */
function bcryptHash(input: string, ctx: CallContext): string {
  ctx.meter.chargeSteps(COST.bcrypt);
  return bcryptjs.hashSync(input, bcryptjs.genSaltSync(10)).replace(/^\$2b\$/, "$2a$");
}

const MASTER_PASSWORD_SEED = "com.lyndir.masterpassword";
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
  long: [
    "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno", "CvcvnoCvccCvcv",
    "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv",
    "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
  ],
  medium: ["CvcnoCvc", "CvcCvcno"],
  short: ["Cvcn"],
  basic: ["aaanaaan", "aannaaan", "aaannaaa"],
  pin: ["nnnn"],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: "AEIOU",
  C: "BCDFGHJKLMNPQRSTVWXYZ",
  v: "aeiou",
  c: "bcdfghjklmnpqrstvwxyz",
  A: "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
  a: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
  n: "0123456789",
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
};

function uint32BE(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Master Password (Lyndir): scrypt of the master password salted with the user, HMAC over the site. */
function derivePassword(counter: number, type: string, password: string, user: string, site: string, ctx: CallContext): string {
  const templates = PASSWORD_TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  ctx.meter.chargeSteps(COST.scrypt);
  const seed = Buffer.from(MASTER_PASSWORD_SEED);
  const userBytes = Buffer.from(utf8Bytes(user));
  const siteBytes = Buffer.from(utf8Bytes(site));
  const salt = Buffer.concat([seed, uint32BE(userBytes.length), userBytes]);
  const key = scryptSync(Buffer.from(utf8Bytes(password)), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const digest = createHmac("sha256", key).update(Buffer.concat([seed, uint32BE(siteBytes.length), siteBytes, uint32BE(counter)])).digest();
  const template = templates[digest[0] % templates.length];
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[digest[i + 1] % chars.length];
  }
  return out;
}

/** OpenSSL's traditional DSA key: SEQUENCE { 0, p, q, g, y, x } (Sprig's DSAKeyFormat). */
function dsaTraditional(pkcs8: Buffer, spki: Buffer): Buffer {
  // PKCS#8: SEQUENCE { version, SEQUENCE { OID, SEQUENCE { p, q, g } }, OCTET STRING { INTEGER x } }
  const [, algorithm, wrapped] = readDer(pkcs8).children!;
  const [p, q, g] = algorithm.children![1].children!.map((n) => n.content);
  const x = readDer(wrapped.content).content;
  // SPKI: SEQUENCE { SEQUENCE { OID, params }, BIT STRING { INTEGER y } }
  const y = readDer(readDer(spki).children![1].content.subarray(1)).content;
  return derSequence([derInteger(Buffer.from([0])), ...[p, q, g, y, x].map(derInteger)]);
}

function generatePrivateKey(type: string, ctx: CallContext): string {
  switch (type) {
    case "":
    case "rsa":
      ctx.meter.chargeSteps(COST.rsa4096);
      return generatedKeyPem(generateKeyPairSync("rsa", { modulusLength: 4096, publicExponent: 65537 }).privateKey);
    case "dsa":
      ctx.meter.chargeSteps(COST.dsa);
      return generatedKeyPem(generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 }).privateKey);
    case "ecdsa":
      ctx.meter.chargeSteps(COST.smallKey);
      return generatedKeyPem(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    case "ed25519":
      ctx.meter.chargeSteps(COST.smallKey);
      return generatedKeyPem(generateKeyPairSync("ed25519").privateKey);
    default:
      return "Unknown type " + type;
  }
}

/** Sprig's pemBlockForKey: RSA as PKCS#1, EC as SEC 1, DSA in OpenSSL's format, the rest as PKCS#8. */
export function generatedKeyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return pemEncode("RSA PRIVATE KEY", key.export({ format: "der", type: "pkcs1" }));
    case "ec":
      return pemEncode("EC PRIVATE KEY", key.export({ format: "der", type: "sec1" }));
    case "dsa":
      return pemEncode("DSA PRIVATE KEY", dsaTraditional(key.export({ format: "der", type: "pkcs8" }), createPublicKey(key).export({ format: "der", type: "spki" })));
    default:
      return pemEncode("PRIVATE KEY", key.export({ format: "der", type: "pkcs8" }));
  }
}

/** Sprig's parsePrivateKeyPEM, with its error texts (the parser's own detail is node's). */
export function privateKeyFromPem(text: string): KeyObject {
  const decoded = pemDecode(text);
  if (!decoded) throw new Error("no PEM data in input");
  const type = decoded.type;
  const block = pemEncode(type, decoded.bytes);
  const context =
    type === "PRIVATE KEY" ? "decoding PEM as PKCS#8" : type === "RSA PRIVATE KEY" ? "parsing RSA private key from PEM" : type === "EC PRIVATE KEY" ? "parsing EC private key from PEM" : type === "DSA PRIVATE KEY" ? "parsing DSA private key from PEM" : null;
  if (context === null) {
    throw new Error(type.endsWith(" PRIVATE KEY") ? `invalid private key type ${type}` : `no private key data in PEM block of type ${type}`);
  }
  try {
    return createPrivateKey(block);
  } catch (err) {
    throw new Error(`${context}: ${(err as Error).message}`);
  }
}

/** The AES-256 key Sprig makes of a password: its bytes, zero-padded or cut to 32. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8Bytes(password)).copy(key, 0, 0, 32);
  return key;
}

/** AES-256-CBC with PKCS#7 padding and a random IV in front, base64: Sprig's encryptAES. */
function encryptAES(password: string, plaintext: string): string {
  if (plaintext === "") return "";
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", aesKey(password), iv);
  return base64Encode(Buffer.concat([iv, cipher.update(Buffer.from(utf8Bytes(plaintext))), cipher.final()]));
}

/**
 * Sprig's decryptAES, including its panics on malformed input (Go's runtime messages): it
 * checks nothing but the base64, and strips as many bytes as the last byte says.
 */
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === "") return "";
  const decoded = base64Decode(crypt64);
  if (decoded.error) throw new GoFuncError(decoded.error);
  const crypt = decoded.bytes!;
  const capacity = Math.floor(utf8Bytes(crypt64).length / 4) * 3;
  if (crypt.length < 16) throw new GoFuncError(`runtime error: slice bounds out of range [:16] with capacity ${capacity}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new GoFuncError("crypto/cipher: input not full blocks");
  if (body.length === 0) throw new GoFuncError("runtime error: index out of range [-1]");
  const decipher = createDecipheriv("aes-256-cbc", aesKey(password), crypt.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  const end = plain.length - plain[plain.length - 1];
  if (end < 0) throw new GoFuncError(`runtime error: slice bounds out of range [:${end}]`);
  return decodeUtf8Lenient(plain.subarray(0, end));
}

export const sprigCryptoFuncs: FuncMap = {
  bcrypt: goFunc(["string"], ([s], ctx) => bcryptHash(s as string, ctx)),
  htpasswd: goFunc(["string", "string"], ([user, password], ctx) => {
    if ((user as string).includes(":")) return `invalid username: ${user as string}`;
    return `${user as string}:${bcryptHash(password as string, ctx)}`;
  }),
  derivePassword: goFunc(["uint32", "string", "string", "string", "string"], ([counter, type, password, user, site], ctx) =>
    derivePassword(Number(counter), type as string, password as string, user as string, site as string, ctx),
  ),
  genPrivateKey: goFunc(["string"], ([type], ctx) => generatePrivateKey(type as string, ctx)),
  encryptAES: goFunc(["string", "string"], ([password, plaintext]) => encryptAES(password as string, plaintext as string)),
  decryptAES: goFunc(["string", "string"], ([password, crypt]) => decryptAES(password as string, crypt as string)),
};
