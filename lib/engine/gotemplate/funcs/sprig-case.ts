/**
 * Sprig's snakecase, kebabcase and camelcase: the word rules of huandu/xstrings (ToSnakeCase,
 * ToKebabCase, ToCamelCase), which differ from every JavaScript "case" library — "HTTP20xOK"
 * is "http_20x_ok", "Bld4Floor3rd" is "bld4_floor_3rd", "_complex__case_" camelcases to
 * "_Complex_Case_". Works on code points; U+FFFD stands for Go's invalid UTF-8 and is skipped
 * as xstrings skips undecodable bytes.
 */
import { type FuncMap, goFunc } from "./types";

const RUNE_ERROR = "\uFFFD";

const enum Word {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

const UPPER = /^\p{Lu}$/u;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;
const SPACE = /^\p{White_Space}$/u;

const isUpper = (r: string): boolean => UPPER.test(r);
const isNumber = (r: string): boolean => NUMBER.test(r);
const isPunct = (r: string): boolean => PUNCT.test(r);
const isConnector = (r: string): boolean => r === "-" || r === "_" || SPACE.test(r);

/** A letter that is not a CJK ideograph (xstrings' isAlphabet). */
function isAlphabet(r: string): boolean {
  if (!LETTER.test(r)) return false;
  const c = r.codePointAt(0)!;
  if (c < 0x3400) return true;
  return !((c >= 0x4e00 && c <= 0x9fcc) || (c >= 0x3400 && c <= 0x4d85) || (c >= 0x20000 && c <= 0x2b81d));
}

/** unicode.ToUpper / ToLower of one rune: a mapping to several runes leaves the rune alone. */
function mapRune(r: string, upper: boolean): string {
  const m = upper ? r.toUpperCase() : r.toLowerCase();
  return m.length === r.length || [...m].length === 1 ? m : r;
}

/** The next valid rune at `i` and how many runes it took (skipped invalid ones included); `prev` when none is left. */
function nextValid(cs: readonly string[], i: number, prev: string): [string, number] {
  let size = 0;
  while (i + size < cs.length) {
    const r = cs[i + size++];
    if (r !== RUNE_ERROR) return [r, size];
  }
  return [prev, size];
}

/** Scans one word from `start`: its type and where it ends. */
function nextWord(cs: readonly string[], start: number): [Word, number] {
  if (start >= cs.length) return [Word.Invalid, start];
  let [r, size] = nextValid(cs, start, RUNE_ERROR);
  let pos = start + size;
  if (r === RUNE_ERROR) return [Word.Invalid, pos];
  const run = (keep: (r: string) => boolean): void => {
    while (pos < cs.length) {
      [r, size] = nextValid(cs, pos, r);
      if (!keep(r)) break;
      pos += size;
    }
  };
  if (isConnector(r)) {
    run(isConnector);
    return [Word.Connector, pos];
  }
  if (isPunct(r)) {
    run(isPunct);
    return [Word.Punct, pos];
  }
  if (isUpper(r)) {
    if (pos >= cs.length) return [Word.Upper, pos];
    [r, size] = nextValid(cs, pos, r);
    if (isUpper(r)) {
      let lastSize = size;
      pos += size;
      let exhausted = true;
      while (pos < cs.length) {
        [r, size] = nextValid(cs, pos, r);
        if (!isUpper(r)) {
          exhausted = false;
          break;
        }
        lastSize = size;
        pos += size;
      }
      // "HTTPStatus" is "HTTP" then "Status": the last capital starts the next word.
      if (!exhausted && isAlphabet(r)) pos -= lastSize;
    } else if (isAlphabet(r)) {
      pos += size;
      run((x) => isAlphabet(x) && !isUpper(x));
    }
    return [Word.Upper, pos];
  }
  if (isAlphabet(r)) {
    run((x) => isAlphabet(x) && !isUpper(x));
    return [Word.Alphabet, pos];
  }
  if (isNumber(r)) {
    run(isNumber);
    return [Word.Number, pos];
  }
  while (pos < cs.length) {
    [r, size] = nextValid(cs, pos, r);
    if (size === 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) break;
    pos += size;
  }
  return [Word.Other, pos];
}

function lowered(type: Word, word: readonly string[], connector: string): string {
  if (type !== Word.Upper && type !== Word.Connector) return word.join("");
  let out = "";
  for (const r of word) out += isConnector(r) ? connector : isUpper(r) ? mapRune(r, false) : r;
  return out;
}

/** Walks the words of a string; `type` and `text()` describe the current one. */
class WordScanner {
  start = 0;
  end: number;
  type: Word;
  constructor(readonly cs: readonly string[]) {
    [this.type, this.end] = nextWord(cs, 0);
  }
  advance(): void {
    this.start = this.end;
    [this.type, this.end] = nextWord(this.cs, this.start);
  }
  text(): string[] {
    return this.cs.slice(this.start, this.end);
  }
  /** A comparison method rather than `type ===`: `advance` changes the type behind the compiler's back. */
  is(...types: Word[]): boolean {
    return types.includes(this.type);
  }
  atEnd(): boolean {
    return this.end >= this.cs.length;
  }
}

function toLowerWords(s: string, connector: string): string {
  if (s === "") return "";
  const w = new WordScanner([...s]);
  let out = "";
  const lowerRun = (): void => {
    while (w.is(Word.Alphabet, Word.Number)) {
      out += lowered(w.type, w.text(), connector);
      w.advance();
    }
  };
  while (!w.atEnd()) {
    if (!w.is(Word.Connector)) out += lowered(w.type, w.text(), connector);
    const prev = w.type;
    const last = w.text();
    w.advance();
    if (prev === Word.Number) {
      lowerRun();
      if (!w.is(Word.Invalid, Word.Punct, Word.Connector)) out += connector;
    } else if (prev === Word.Connector) {
      out += lowered(prev, last, connector);
    } else if (prev !== Word.Punct) {
      if (!w.is(Word.Number)) {
        if (!w.is(Word.Connector, Word.Punct)) out += connector;
        continue;
      }
      if (w.atEnd()) continue;
      const digits = w.text();
      w.advance();
      if (!w.is(Word.Alphabet)) {
        // a number between words belongs to the word before it: "Bld4Floor" is "bld4_floor"
        out += lowered(Word.Number, digits, connector);
        if (!w.is(Word.Connector, Word.Punct)) out += connector;
        continue;
      }
      // lower-case letters after a number start a new word with it: "HTTP2xx" is "http_2xx"
      out += connector + lowered(Word.Number, digits, connector);
      lowerRun();
      if (!w.is(Word.Invalid, Word.Connector, Word.Punct)) out += connector;
    }
  }
  return out + lowered(w.type, w.text(), connector);
}

function toCamelCase(s: string): string {
  if (s === "") return "";
  const cs = [...s];
  let out = "";
  let i = 0;
  let r0 = "";
  // leading connectors stay
  while (i < cs.length) {
    r0 = cs[i++];
    if (!isConnector(r0)) {
      r0 = mapRune(r0, true);
      break;
    }
    out += r0;
  }
  if (i >= cs.length) return out + r0;
  while (i < cs.length) {
    const r1 = r0;
    r0 = cs[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = mapRune(r0, true);
    else {
      r0 = mapRune(r0, false);
      out += r1;
    }
  }
  return out + r0;
}

export const sprigCaseFuncs: FuncMap = {
  snakecase: goFunc(["string"], ([s]) => toLowerWords(s as string, "_")),
  kebabcase: goFunc(["string"], ([s]) => toLowerWords(s as string, "-")),
  camelcase: goFunc(["string"], ([s]) => toCamelCase(s as string)),
};
