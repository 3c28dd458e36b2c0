/** Go's strconv.Unquote and UnquoteChar for template literals. */
import { decodeUtf8Lenient } from "./utf8";

export class SyntaxError_ extends Error {
  constructor() {
    super("invalid syntax");
  }
}

function hexVal(c: string): number {
  const n = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? n : -1;
}

/**
 * Decodes one (possibly escaped) character at s[i]; returns the code point or, for \x and
 * octal escapes, a raw byte (flagged), and the next index.
 */
function unquoteCharAt(s: string, i: number, quote: string): { value: number; isByte: boolean; next: number } {
  const c = s[i];
  if (c === quote && (quote === "'" || quote === '"')) throw new SyntaxError_();
  if (c !== "\\") {
    const cp = s.codePointAt(i)!;
    return { value: cp, isByte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new SyntaxError_();
  const e = s[i + 1];
  let j = i + 2;
  switch (e) {
    case "a":
      return { value: 7, isByte: false, next: j };
    case "b":
      return { value: 8, isByte: false, next: j };
    case "f":
      return { value: 12, isByte: false, next: j };
    case "n":
      return { value: 10, isByte: false, next: j };
    case "r":
      return { value: 13, isByte: false, next: j };
    case "t":
      return { value: 9, isByte: false, next: j };
    case "v":
      return { value: 11, isByte: false, next: j };
    case "x":
    case "u":
    case "U": {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      if (j + n > s.length) throw new SyntaxError_();
      let v = 0;
      for (let k = 0; k < n; k++) {
        const h = hexVal(s[j + k]);
        if (h < 0) throw new SyntaxError_();
        v = v * 16 + h;
      }
      j += n;
      if (e === "x") return { value: v, isByte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new SyntaxError_();
      return { value: v, isByte: false, next: j };
    }
    case "0":
    case "1":
    case "2":
    case "3":
    case "4":
    case "5":
    case "6":
    case "7": {
      let v = Number(e);
      j = i + 2;
      if (j + 2 > s.length) throw new SyntaxError_();
      for (let k = 0; k < 2; k++) {
        const d = s.charCodeAt(j + k) - 48;
        if (d < 0 || d > 7) throw new SyntaxError_();
        v = v * 8 + d;
      }
      if (v > 255) throw new SyntaxError_();
      return { value: v, isByte: true, next: j + 2 };
    }
    case "\\":
      return { value: 0x5c, isByte: false, next: j };
    case "'":
    case '"':
      if (e !== quote) throw new SyntaxError_();
      return { value: e.charCodeAt(0), isByte: false, next: j };
  }
  throw new SyntaxError_();
}

/** strconv.Unquote for "..." and `...` literals. Throws SyntaxError_ ("invalid syntax"). */
export function unquote(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new SyntaxError_();
  const body = lit.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) throw new SyntaxError_();
    return body.includes("\r") ? body.replace(/\r/g, "") : body;
  }
  if (q !== '"') throw new SyntaxError_();
  if (!body.includes("\\") && !body.includes('"')) return body;
  if (body.includes("\n")) throw new SyntaxError_();
  const bytes: number[] = [];
  let hasRawBytes = false;
  let out = "";
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; ) {
    const r = unquoteCharAt(body, i, '"');
    i = r.next;
    if (r.isByte) {
      hasRawBytes = true;
      bytes.push(r.value);
    } else {
      for (const b of enc.encode(String.fromCodePoint(r.value))) bytes.push(b);
    }
  }
  out = hasRawBytes ? decodeUtf8Lenient(Uint8Array.from(bytes)) : new TextDecoder().decode(Uint8Array.from(bytes));
  return out;
}

/** A char constant 'x' → its rune value; throws SyntaxError_ or a malformed-constant Error. */
export function unquoteCharConstant(text: string): number {
  const r = unquoteCharAt(text, 1, "'");
  if (text.slice(r.next) !== "'") throw new Error(`malformed character constant: ${text}`);
  return r.value;
}
