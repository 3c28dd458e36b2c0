/** Sprig's encodings and checksums: b64enc/dec, b32enc/dec, sha1sum, sha256sum, adler32sum. */
import { createHash } from "node:crypto";
import { decodeUtf8Lenient, utf8Bytes } from "../utf8";
import { type FuncMap, goFunc } from "./types";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const rest = bytes.length - i;
    const n = (bytes[i] << 16) | (rest > 1 ? bytes[i + 1] << 8 : 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (rest > 1 ? B64[(n >> 6) & 63] : "=") + "=";
  }
  return out;
}

/** base64.StdEncoding.DecodeString; returns Go's error text on failure. */
function base64Decode(s: string): { bytes?: Uint8Array; error?: string } {
  const clean = s.replace(/[\r\n]/g, "");
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  let i = 0;
  for (; i < clean.length; i++) {
    const c = clean[i];
    if (c === "=") break;
    const v = B64.indexOf(c);
    if (v < 0) return { error: `illegal base64 data at input byte ${inputOffset(s, i)}` };
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  const dataLen = i;
  const padLen = clean.length - dataLen;
  const rem = dataLen % 4;
  if (rem === 1) return { error: `illegal base64 data at input byte ${inputOffset(s, dataLen - 1 + (padLen > 0 ? 1 : 0))}` };
  if (padLen > 0) {
    const expected = rem === 0 ? 0 : 4 - rem;
    if (rem === 0 || padLen !== expected || !/^=+$/.test(clean.slice(dataLen))) {
      return { error: `illegal base64 data at input byte ${inputOffset(s, dataLen + Math.min(padLen, expected))}` };
    }
  } else if (rem !== 0) {
    return { error: `illegal base64 data at input byte ${inputOffset(s, clean.length)}` };
  }
  return { bytes: Uint8Array.from(out) };
}

function inputOffset(original: string, cleanIndex: number): number {
  // Go counts positions in the original input, newlines included.
  let seen = 0;
  for (let j = 0; j < original.length; j++) {
    if (original[j] === "\r" || original[j] === "\n") continue;
    if (seen === cleanIndex) return j;
    seen++;
  }
  return original.length;
}

function base32Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let n = 0n;
    for (let j = 0; j < 5; j++) n = (n << 8n) | BigInt(chunk[j] ?? 0);
    const chars = [0, 2, 4, 5, 7][chunk.length - 1] + 1;
    for (let j = 0; j < 8; j++) {
      out += j < chars ? B32[Number((n >> BigInt(35 - 5 * j)) & 31n)] : "=";
    }
  }
  return out;
}

function base32Decode(s: string): { bytes?: Uint8Array; error?: string } {
  const clean = s.replace(/[\r\n]/g, "");
  if (clean.length % 8 !== 0) return { error: `illegal base32 data at input byte ${clean.length - (clean.length % 8)}` };
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 8) {
    const block = clean.slice(i, i + 8);
    const dataLen = block.replace(/=+$/, "").length;
    if (![8, 7, 5, 4, 2].includes(dataLen) || block.slice(dataLen).replace(/=/g, "") !== "") {
      return { error: `illegal base32 data at input byte ${i + dataLen}` };
    }
    let n = 0n;
    for (let j = 0; j < 8; j++) {
      const v = j < dataLen ? B32.indexOf(block[j]) : 0;
      if (v < 0) return { error: `illegal base32 data at input byte ${i + j}` };
      n = (n << 5n) | BigInt(v);
    }
    const bytes = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dataLen as 8 | 7 | 5 | 4 | 2];
    for (let j = 0; j < bytes; j++) out.push(Number((n >> BigInt(32 - 8 * j)) & 0xffn));
    if (dataLen < 8 && i + 8 < clean.length) return { error: `illegal base32 data at input byte ${i + 8}` };
  }
  return { bytes: Uint8Array.from(out) };
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export const sprigEncodingFuncs: FuncMap = {
  b64enc: goFunc(["string"], ([s]) => base64Encode(utf8Bytes(s as string))),
  b64dec: goFunc(["string"], ([s]) => {
    const r = base64Decode(s as string);
    return r.error ?? decodeUtf8Lenient(r.bytes!);
  }),
  b32enc: goFunc(["string"], ([s]) => base32Encode(utf8Bytes(s as string))),
  b32dec: goFunc(["string"], ([s]) => {
    const r = base32Decode(s as string);
    return r.error ?? decodeUtf8Lenient(r.bytes!);
  }),
  sha1sum: goFunc(["string"], ([s]) => createHash("sha1").update(utf8Bytes(s as string)).digest("hex")),
  sha256sum: goFunc(["string"], ([s]) => createHash("sha256").update(utf8Bytes(s as string)).digest("hex")),
  adler32sum: goFunc(["string"], ([s]) => String(adler32(utf8Bytes(s as string)))),
};
