/**
 * The little DER (ASN.1) and PEM Sprig's key and certificate formats need: reading a TLV
 * tree and writing the few types certificates use. Keys themselves come from node:crypto.
 */

export interface DerNode {
  tag: number;
  content: Buffer;
  /** Children of a constructed value (SEQUENCE, SET, context tags). */
  children?: DerNode[];
}

function readLength(buf: Buffer, at: number): [length: number, next: number] {
  const first = buf[at];
  if (first < 0x80) return [first, at + 1];
  const bytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + buf[at + 1 + i];
  return [length, at + 1 + bytes];
}

function readAt(buf: Buffer, at: number): [DerNode, number] {
  const tag = buf[at];
  const [length, start] = readLength(buf, at + 1);
  const content = buf.subarray(start, start + length);
  const node: DerNode = { tag, content };
  if (tag & 0x20) {
    node.children = [];
    for (let i = 0; i < content.length; ) {
      const [child, next] = readAt(content, i);
      node.children.push(child);
      i = next;
    }
  }
  return [node, start + length];
}

export function readDer(buf: Buffer): DerNode {
  return readAt(buf, 0)[0];
}

/** One tag-length-value in DER's length form. */
export function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** An INTEGER from the big-endian magnitude of a non-negative number (as DER reads them). */
export function derInteger(magnitude: Buffer): Buffer {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0 && magnitude[i + 1] < 0x80) i++;
  let body = magnitude.subarray(i);
  if (body.length === 0) body = Buffer.from([0]);
  if (body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export function derSequence(items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

export function derOid(oid: string): Buffer {
  const parts = oid.split(".").map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);
export const derBoolean = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const derOctetString = (content: Buffer): Buffer => tlv(0x04, content);
export const derSet = (items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
/** A context-specific tag: [n] EXPLICIT (constructed) or IMPLICIT primitive. */
export const derContext = (n: number, content: Buffer, constructed: boolean): Buffer => tlv((constructed ? 0xa0 : 0x80) | n, content);

/** BIT STRING of whole bytes. */
export const derBitString = (content: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));

/** A string as Go's asn1 writes it: PrintableString when every character allows it, else UTF8String. */
export function derString(s: string): Buffer {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, Buffer.from(s, "utf8"));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280), to the second. */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(digits.slice(2) + "Z", "latin1"));
  return tlv(0x18, Buffer.from(digits + "Z", "latin1"));
}

/** encoding/pem's Encode: base64 in lines of 64. */
export function pemEncode(type: string, der: Buffer): string {
  const body = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
}

/** encoding/pem's Decode, enough for keys and certificates: the first block's type and bytes (headers skipped). */
export function pemDecode(text: string): { type: string; bytes: Buffer } | null {
  const m = /-----BEGIN ([^\n-]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  const body = m[2].split(/\r?\n/).filter((l) => !l.includes(":")).join("");
  if (!/^[A-Za-z0-9+/=]*$/.test(body)) return null;
  return { type: m[1], bytes: Buffer.from(body, "base64") };
}
