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

/** base64.StdEncoding.DecodeString, quantum by quantum like Go, with Go's error offsets. */
export function base64Decode(text: string): { bytes?: Uint8Array; error?: string } {
  const src = utf8Bytes(text);
  const out: number[] = [];
  const err = (at: number): { error: string } => ({ error: `illegal base64 data at input byte ${at}` });
  const isNl = (b: number): boolean => b === 10 || b === 13;
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let done = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes: Uint8Array.from(out) };
        return err(si - j);
      }
      const c = src[si++];
      const v = c < 128 ? B64.indexOf(String.fromCharCode(c)) : -1;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) return err(si - 1);
      if (j === 0 || j === 1) return err(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) return err(src.length);
        if (src[si] !== 0x3d) return err(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) return err(si);
      dlen = j;
      done = true;
      break;
    }
    const n = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    if (dlen >= 2) out.push((n >> 16) & 0xff);
    if (dlen >= 3) out.push((n >> 8) & 0xff);
    if (dlen >= 4) out.push(n & 0xff);
    if (done) return { bytes: Uint8Array.from(out) };
  }
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
