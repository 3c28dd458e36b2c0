/**
 * Sprig's certificate functions: genCA, genSelfSignedCert, genSignedCert (each also WithKey)
 * and buildCustomCert. Certificates are X.509 v3 with the fields and extensions Go's
 * x509.CreateCertificate writes for Sprig's template (CN only, key usages, server and client
 * auth, basic constraints, subject and authority key ids, SANs), signed with node:crypto so
 * that templates stay synchronous. They come back as Sprig's `certificate` struct {Cert, Key}.
 */
import { type KeyObject, X509Certificate, createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { GoFuncError } from "../errors";
import { formatValue } from "../fmt";
import { GoObject } from "../object";
import { type GoSlice, type GoValue, isGoNil } from "../values";
import { decodeUtf8Lenient } from "../utf8";
import {
  type DerNode,
  derBitString,
  derBoolean,
  derContext,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derString,
  derTime,
  pemDecode,
  pemEncode,
  readDer,
  tlv,
} from "./der";
import { base64Decode } from "./sprig-encoding";
import { generatedKeyPem, privateKeyFromPem } from "./sprig-crypto";
import { type CallContext, type FuncMap, type GoFunc, goFunc } from "./types";

/** Sprig's `certificate` struct. */
export class GoCertificate extends GoObject {
  readonly goType = "sprig.certificate";
  readonly goKind = "struct";

  constructor(
    readonly cert: string,
    readonly key: string,
  ) {
    super();
  }

  override get isStringer(): boolean {
    return false;
  }

  toString(): string {
    return `{${this.cert} ${this.key}}`;
  }

  goString(): string {
    return `sprig.certificate{Cert:${JSON.stringify(this.cert)}, Key:${JSON.stringify(this.key)}}`;
  }

  marshalJson(): string {
    return `{"Cert":${JSON.stringify(this.cert)},"Key":${JSON.stringify(this.key)}}`;
  }

  member(name: string): GoFunc | undefined {
    if (name === "Cert") return goFunc([], () => this.cert);
    if (name === "Key") return goFunc([], () => this.key);
    return undefined;
  }

  equals(other: GoObject): boolean {
    return other instanceof GoCertificate && other.cert === this.cert && other.key === this.key;
  }
}

const RSA_KEY_COST = 1_000_000;

/** net.ParseIP's bytes as x509 writes them: 4 for IPv4, 16 for IPv6. */
function ipBytes(ip: string): Buffer | null {
  if (isIPv4(ip)) return Buffer.from(ip.split(".").map(Number));
  if (!isIPv6(ip) || ip.includes("%")) return null;
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1].split(".").map(Number);
    text = text.slice(0, -tail[1].length) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
  }
  const [head, rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest !== undefined && rest !== "" ? rest.split(":") : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  // an IPv4-mapped address is written as IPv4, as Go's To4 does
  if (out.subarray(0, 10).every((b) => b === 0) && out[10] === 0xff && out[11] === 0xff) return out.subarray(12);
  return out;
}

function stringsOf(list: GoValue, what: (v: GoValue) => string): string[] {
  if (list === null || list === undefined || isGoNil(list as GoSlice)) return [];
  return (list as GoSlice).map((v) => {
    if (typeof v !== "string") throw new GoFuncError(what(v));
    return v;
  });
}

function name(cn: string): Buffer {
  return derSequence(cn === "" ? [] : [derSet([derSequence([derOid("2.5.4.3"), derString(cn)])])]);
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return derSequence([derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value)]);
}

/** The signature algorithm Go picks for a signing key, and how node signs with it. */
function signatureAlgorithm(key: KeyObject): { id: Buffer; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { id: derSequence([derOid("1.2.840.113549.1.1.11"), derNull()]), hash: "sha256" };
    case "ec": {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const [oid, hash] = curve === "secp384r1" ? ["1.2.840.10045.4.3.3", "sha384"] : curve === "secp521r1" ? ["1.2.840.10045.4.3.4", "sha512"] : ["1.2.840.10045.4.3.2", "sha256"];
      return { id: derSequence([derOid(oid)]), hash };
    }
    case "ed25519":
      return { id: derSequence([derOid("1.3.101.112")]), hash: null };
  }
  throw new GoFuncError("error creating certificate: x509: certificate private key does not implement crypto.Signer");
}

/** SubjectKeyId as Go computes it: SHA-1 of the subjectPublicKey bits. */
function subjectKeyId(spki: Buffer): Buffer {
  const bits = readDer(spki).children![1].content.subarray(1);
  return createHash("sha1").update(bits).digest();
}

interface Template {
  cn: string;
  ips: string[];
  dns: string[];
  daysValid: number;
  isCA: boolean;
}

function keyUsage(isCA: boolean): Buffer {
  // digitalSignature (bit 0) and keyEncipherment (bit 2), plus keyCertSign (bit 5) for a CA
  return isCA ? derBitString(Buffer.from([0xa4]), 2) : derBitString(Buffer.from([0xa0]), 5);
}

function createCertificate(t: Template, subjectKey: KeyObject, issuer: { name: Buffer; key: KeyObject; keyId: Buffer | null }, ctx: CallContext): string {
  if (subjectKey.asymmetricKeyType === "dsa") throw new GoFuncError("error creating certificate: x509: unsupported public key type: *dsa.PublicKey");
  const spki = createPublicKey(subjectKey).export({ format: "der", type: "spki" });
  const algorithm = signatureAlgorithm(issuer.key);
  const now = ctx.now();
  const notBefore = new Date(now.seconds * 1000);
  const notAfter = new Date((now.seconds + t.daysValid * 86400) * 1000);
  const subject = name(t.cn);
  const selfSigned = issuer.name.equals(subject);
  const ownKeyId = t.isCA ? subjectKeyId(spki) : null;
  const sans = [...t.dns.map((d) => derContext(2, Buffer.from(d, "latin1"), false)), ...t.ips.map((ip) => derContext(7, ipBytes(ip)!, false))];
  const extensions = [
    extension("2.5.29.15", true, keyUsage(t.isCA)),
    extension("2.5.29.37", false, derSequence([derOid("1.3.6.1.5.5.7.3.1"), derOid("1.3.6.1.5.5.7.3.2")])),
    extension("2.5.29.19", true, derSequence(t.isCA ? [derBoolean(true)] : [])),
    ...(ownKeyId ? [extension("2.5.29.14", false, derOctetString(ownKeyId))] : []),
    ...(!selfSigned && issuer.keyId ? [extension("2.5.29.35", false, derSequence([derContext(0, issuer.keyId, false)]))] : []),
    ...(sans.length ? [extension("2.5.29.17", false, derSequence(sans))] : []),
  ];
  const serial = randomBytes(16);
  const tbs = derSequence([
    derContext(0, derInteger(Buffer.from([2])), true),
    derInteger(serial),
    algorithm.id,
    issuer.name,
    derSequence([derTime(notBefore), derTime(notAfter)]),
    subject,
    spki,
    derContext(3, derSequence(extensions), true),
  ]);
  const signature = sign(algorithm.hash, tbs, issuer.key);
  return pemEncode("CERTIFICATE", derSequence([tbs, algorithm.id, derBitString(signature)]));
}

function templateOf(cn: string, ips: GoValue, dns: GoValue, days: bigint, isCA: boolean): Template {
  const ipList = stringsOf(ips, (v) => `error parsing ip: ${formatValue(v)} is not a string`);
  for (const ip of ipList) if (!ipBytes(ip)) throw new GoFuncError(`error parsing ip: ${ip}`);
  const dnsList = stringsOf(dns, (v) => `error processing alternate dns name: ${formatValue(v)} is not a string`);
  return { cn, ips: ipList, dns: dnsList, daysValid: Number(days), isCA };
}

function newRsaKey(ctx: CallContext): KeyObject {
  ctx.meter.chargeSteps(RSA_KEY_COST);
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

function keyFromPem(pem: string, context: string): KeyObject {
  try {
    return privateKeyFromPem(pem);
  } catch (err) {
    throw new GoFuncError(`${context}: ${(err as Error).message}`);
  }
}

function selfSigned(template: () => Template, key: KeyObject, ctx: CallContext): GoCertificate {
  const t = template();
  const subject = name(t.cn);
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  const cert = createCertificate(t, key, { name: subject, key, keyId: t.isCA ? subjectKeyId(spki) : null }, ctx);
  return new GoCertificate(cert, generatedKeyPem(key));
}

/** Signs with the CA; the template is built after the CA is read, so errors come in Go's order. */
function signedBy(template: () => Template, key: KeyObject, ca: GoValue, ctx: CallContext): GoCertificate {
  const authority = ca as GoCertificate;
  const decoded = pemDecode(authority.cert);
  if (!decoded) throw new GoFuncError("unable to decode certificate");
  try {
    new X509Certificate(decoded.bytes);
  } catch (err) {
    throw new GoFuncError(`error parsing certificate: decodedSignerCert.Bytes: ${(err as Error).message}`);
  }
  const signerKey = keyFromPem(authority.key, "error parsing private key");
  const t = template();
  // the issuer is the CA's subject exactly as its certificate encodes it
  const tbs = readDer(decoded.bytes).children![0];
  const fields = tbs.children!.filter((n) => n.tag !== 0xa0);
  const issuerName = encodeNode(fields[4]);
  const keyIdExt = extensionValue(tbs, "2.5.29.14");
  const keyId = keyIdExt ? readDer(keyIdExt).content : null;
  return new GoCertificate(createCertificate(t, key, { name: issuerName, key: signerKey, keyId }, ctx), generatedKeyPem(key));
}

/** A node's own encoding (DER has one length form, so re-wrapping its content gives it back). */
function encodeNode(node: DerNode): Buffer {
  return tlv(node.tag, node.content);
}

/** The OCTET STRING content of an extension of a TBSCertificate, if present. */
function extensionValue(tbs: DerNode, oid: string): Buffer | null {
  const wanted = derOid(oid);
  const container = tbs.children!.find((n) => n.tag === 0xa3);
  for (const ext of container?.children?.[0].children ?? []) {
    if (encodeNode(ext.children![0]).equals(wanted)) return ext.children![ext.children!.length - 1].content;
  }
  return null;
}

function buildCustomCert(b64cert: string, b64key: string): GoCertificate {
  const cert = base64Decode(b64cert);
  if (cert.error) throw new GoFuncError("unable to decode base64 certificate");
  const key = base64Decode(b64key);
  if (key.error) throw new GoFuncError("unable to decode base64 private key");
  const certText = decodeUtf8Lenient(cert.bytes!);
  const keyText = decodeUtf8Lenient(key.bytes!);
  const decoded = pemDecode(certText);
  if (!decoded) throw new GoFuncError("unable to decode certificate");
  try {
    new X509Certificate(decoded.bytes);
  } catch (err) {
    throw new GoFuncError(`error parsing certificate: decodedCert.Bytes: ${(err as Error).message}`);
  }
  keyFromPem(keyText, "error parsing private key");
  return new GoCertificate(certText, keyText);
}

export const sprigCertFuncs: FuncMap = {
  buildCustomCert: goFunc(["string", "string"], ([c, k]) => buildCustomCert(c as string, k as string)),
  genCA: goFunc(["string", "int"], ([cn, days], ctx) => selfSigned(() => templateOf(cn as string, null, null, days as bigint, true), newRsaKey(ctx), ctx)),
  genCAWithKey: goFunc(["string", "int", "string"], ([cn, days, key], ctx) =>
    selfSigned(() => templateOf(cn as string, null, null, days as bigint, true), keyFromPem(key as string, "parsing private key"), ctx),
  ),
  genSelfSignedCert: goFunc(["string", "slice", "slice", "int"], ([cn, ips, dns, days], ctx) =>
    selfSigned(() => templateOf(cn as string, ips, dns, days as bigint, false), newRsaKey(ctx), ctx),
  ),
  genSelfSignedCertWithKey: goFunc(["string", "slice", "slice", "int", "string"], ([cn, ips, dns, days, key], ctx) =>
    selfSigned(() => templateOf(cn as string, ips, dns, days as bigint, false), keyFromPem(key as string, "parsing private key"), ctx),
  ),
  genSignedCert: goFunc(["string", "slice", "slice", "int", "certificate"], ([cn, ips, dns, days, ca], ctx) =>
    signedBy(() => templateOf(cn as string, ips, dns, days as bigint, false), newRsaKey(ctx), ca, ctx),
  ),
  genSignedCertWithKey: goFunc(["string", "slice", "slice", "int", "certificate", "string"], ([cn, ips, dns, days, ca, key], ctx) =>
    signedBy(() => templateOf(cn as string, ips, dns, days as bigint, false), keyFromPem(key as string, "parsing private key"), ca, ctx),
  ),
};

