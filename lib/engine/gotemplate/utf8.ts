/**
 * Byte-level string helpers. Go strings are UTF-8 bytes and `len`, `substr`, `trunc` count
 * bytes; JavaScript strings are UTF-16. ASCII strings take a fast path.
 */
// eslint-disable-next-line no-control-regex -- matching the ASCII range is the point
const NON_ASCII = /[^\x00-\x7f]/;

export function isAscii(s: string): boolean {
  return !NON_ASCII.test(s);
}

const encoder = new TextEncoder();

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Decodes UTF-8 the way Go's range-over-string and encoding/json see it: every byte that
 * does not start a valid sequence becomes one U+FFFD.
 */
export function decodeUtf8Lenient(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      let j = i + 1;
      while (j < b.length && b[j] < 0x80) j++;
      out += String.fromCharCode(...b.subarray(i, j));
      i = j;
      continue;
    }
    const [cp, size] = decodeRune(b, i);
    out += size === 1 && cp === 0xfffd ? "\ufffd" : String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** Go's utf8.DecodeRune: returns [rune, size], (U+FFFD, 1) on an invalid sequence. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i];
  if (c < 0x80) return [c, 1];
  const need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
  if (need < 0 || i + need >= b.length) return [0xfffd, 1];
  let lo = 0x80;
  let hi = 0xbf;
  if (c === 0xe0) lo = 0xa0;
  else if (c === 0xed) hi = 0x9f;
  else if (c === 0xf0) lo = 0x90;
  else if (c === 0xf4) hi = 0x8f;
  const b1 = b[i + 1];
  if (b1 < lo || b1 > hi) return [0xfffd, 1];
  if (need === 1) return [((c & 0x1f) << 6) | (b1 & 0x3f), 2];
  const b2 = b[i + 2];
  if (b2 < 0x80 || b2 > 0xbf) return [0xfffd, 1];
  if (need === 2) return [((c & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  const b3 = b[i + 3];
  if (b3 < 0x80 || b3 > 0xbf) return [0xfffd, 1];
  return [((c & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
}

/** s[start:end] on the UTF-8 bytes (caller checks bounds), decoded leniently. */
export function sliceBytes(s: string, start: number, end?: number): string {
  if (!NON_ASCII.test(s)) return s.slice(start, end);
  return decodeUtf8Lenient(utf8Bytes(s).subarray(start, end));
}

/** One char per UTF-8 byte: lets byte-oriented Go algorithms run on ordinary string ops. */
export function toByteString(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  let out = "";
  for (const b of utf8Bytes(s)) out += String.fromCharCode(b);
  return out;
}

/** Inverse of toByteString, decoding the bytes leniently like Go's printing would see them. */
export function fromByteString(bs: string): string {
  if (!NON_ASCII.test(bs)) return bs;
  const b = new Uint8Array(bs.length);
  for (let i = 0; i < bs.length; i++) b[i] = bs.charCodeAt(i);
  return decodeUtf8Lenient(b);
}
