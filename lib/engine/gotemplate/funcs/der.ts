/**
 * The little DER (ASN.1) Sprig's key formats need: reading a TLV tree and writing INTEGER
 * and SEQUENCE. Keys and certificates themselves come from node:crypto and @peculiar/x509.
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

function tlv(tag: number, content: Buffer): Buffer {
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
