/**
 * A fast reader for plain block YAML: maps, lists, plain and single-line quoted scalars,
 * `{}`/`[]`, comments — what templates render and most Score files are. A plan parses thousands
 * of such documents and the general `yaml` parser dominated its time.
 *
 * It understands a strict subset and gives up — returns `undefined` — on anything else (flow
 * collections, block scalars, anchors, tags, merge keys, multi-line scalars, tabs, document
 * markers, unusual characters…), so the caller falls back to the `yaml` package, which also
 * produces the error messages. Within the subset it yields exactly the values the `yaml`
 * package yields under the configuration the schema describes (tests compare the two on
 * generated documents, every corpus template output and every corpus Score file).
 */
/** How a configuration of the `yaml` package reads documents, for the block parser to match. */
export interface BlockYamlSchema {
  /** The value of a plain scalar (the schema's tags, in the package's order). */
  resolvePlain(text: string): unknown;
  /**
   * `uniqueKeys: true`: a repeated key is an error there, so such documents are declined. With
   * false, the last value wins (at the key's first position, as the package does).
   */
  uniqueKeys: boolean;
}

/** The content lines of a document as parallel arrays (no object per line: documents are parsed by the thousand). */
interface Lines {
  indents: number[];
  /** The content after the indentation, trailing spaces removed. */
  texts: string[];
  /** A comment line comes between this line and the previous content line. */
  commentBefore: boolean[];
}

/** Thrown inside the parser when the input leaves the subset; never escapes `parseBlockYaml`. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported("outside the block YAML subset");
const unsupported = (): never => {
  throw UNSUPPORTED;
};

/** Characters whose handling differs in subtle ways (tabs, CR, controls, BOM, surrogates, NEL, LS/PS). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is declined here
const UNSUPPORTED_CHARACTERS = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;

/** YAML indicators that cannot start a plain scalar here (`-` is handled separately), by character code. */
const INDICATOR_FIRST = new Uint8Array(128);
for (const ch of "?:,[]{}#&*!|>'\"%@`") INDICATOR_FIRST[ch.charCodeAt(0)] = 1;

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

/** YAML white space is the space (tabs are declined); JS trim() would also strip U+00A0 and others. */
function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

function trimSpacesStart(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return start === 0 ? text : text.slice(start);
}

/** The content lines of a document (blank and comment-only lines dropped). */
function splitLines(text: string): Lines {
  const lines: Lines = { indents: [], texts: [], commentBefore: [] };
  let commentBefore = false;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let first = start;
    while (text.charCodeAt(first) === 32) first++;
    let last = end;
    while (last > first && text.charCodeAt(last - 1) === 32) last--;
    const indent = first - start;
    start = end + 1;
    if (first === last) continue;
    if (text.charCodeAt(first) === 35 /* # */) {
      commentBefore = true;
      continue;
    }
    const content = text.slice(first, last);
    // directives and document markers
    if (indent === 0 && (content[0] === "%" || ((content[0] === "-" || content[0] === ".") && /^(?:---|\.\.\.)(?: |$)/.test(content)))) unsupported();
    lines.indents.push(indent);
    lines.texts.push(content);
    lines.commentBefore.push(commentBefore);
    commentBefore = false;
  }
  return lines;
}

/**
 * Where the last `readQuoted` scalar ended (the index just after its closing quote). A module
 * variable rather than a result object: the parser reads thousands of quoted scalars per plan.
 */
let quotedEnd = 0;

/** A quoted scalar starting at `text[0]`: its value; `quotedEnd` is set to the index after the closing quote. */
function readQuoted(text: string): string {
  const quote = text[0];
  // most quoted scalars have no escapes: take them in one slice
  const close = text.indexOf(quote, 1);
  if (close > 0 && (quote === "'" ? text[close + 1] !== "'" : text.lastIndexOf("\\", close) < 1)) {
    quotedEnd = close + 1;
    return text.slice(1, close);
  }
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch !== "'") value += ch;
      else if (text[i + 1] === "'") {
        value += "'";
        i++;
      } else {
        quotedEnd = i + 1;
        return value;
      }
    } else if (ch === '"') {
      quotedEnd = i + 1;
      return value;
    } else if (ch === "\\") {
      const code = text[i + 1];
      if (code === undefined) unsupported(); // an escaped line break: multi-line
      const length = HEX_ESCAPE_LENGTH[code];
      if (length) {
        const hex = text.substr(i + 2, length);
        if (hex.length !== length || !HEX.test(hex)) unsupported();
        const point = parseInt(hex, 16);
        if (point > 0x10ffff) unsupported();
        value += String.fromCodePoint(point);
        i += 1 + length;
      } else {
        const escaped = DOUBLE_QUOTE_ESCAPES[code];
        if (escaped === undefined) unsupported();
        value += escaped;
        i++;
      }
    } else {
      value += ch;
    }
  }
  return unsupported(); // no closing quote on this line: multi-line
}

/** After a quoted scalar, only spaces and a comment may follow. */
function expectLineEnd(text: string, from: number): void {
  if (from === text.length) return;
  if (text[from] !== " ") unsupported();
  const rest = trimSpacesStart(text.slice(from));
  if (rest !== "" && rest[0] !== "#") unsupported();
}

/** Whether `text` may start a plain scalar in block context. */
function plainMayStart(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first === 45 /* - */) return text.length > 1 && text.charCodeAt(1) !== 32;
  return !(first < 128 && INDICATOR_FIRST[first] === 1);
}

/** A value written on the same line as its key or list dash. */
function inlineValue(text: string, schema: BlockYamlSchema): unknown {
  if (text === "{}") return {};
  if (text === "[]") return [];
  const first = text[0];
  if (first === '"' || first === "'") {
    const value = readQuoted(text);
    expectLineEnd(text, quotedEnd);
    return value;
  }
  if (!plainMayStart(text)) unsupported();
  const comment = text.indexOf(" #");
  const plain = comment >= 0 ? trimSpacesEnd(text.slice(0, comment)) : text;
  // `a: b` here would be a nested map on one line (an error); a trailing `:` starts one too
  if (plain.includes(": ") || plain.endsWith(":")) unsupported();
  return schema.resolvePlain(plain);
}

/**
 * What follows `key:` on the line of the last `mapEntry`, comment removed ("" when the value is
 * on the next lines). A module variable, read right after the call, rather than a result object.
 */
let entryRest = "";

/** The key of a `key: rest` or `key:` line (`entryRest` is set to the rest) — null when the line is not a map entry. */
function mapEntry(text: string, schema: BlockYamlSchema): string | null {
  let key: string;
  let colon: number;
  const first = text[0];
  if (first === '"' || first === "'") {
    key = readQuoted(text);
    colon = quotedEnd;
    if (text[colon] !== ":") {
      expectLineEnd(text, colon);
      return null;
    }
  } else {
    if (!plainMayStart(text)) return text === "{}" || text === "[]" ? null : unsupported();
    colon = text.indexOf(":");
    while (colon >= 0 && colon + 1 < text.length && text[colon + 1] !== " ") colon = text.indexOf(":", colon + 1);
    if (colon < 0) return null;
    const keyText = text.slice(0, colon);
    // a comment inside the key, spaces before the colon, or an over-long implicit key
    if (keyText.includes(" #") || keyText.endsWith(" ") || keyText.length > 1000) unsupported();
    // keys of a JS object: the package stringifies the scalar's value (null is "")
    const value = schema.resolvePlain(keyText);
    key = value === null ? "" : String(value);
  }
  if (colon + 1 < text.length && text[colon + 1] !== " ") unsupported();
  // `__proto__` needs defineProperty; `<<` is a merge key when the package merges
  if (key === "__proto__" || key === "<<") unsupported();
  let start = colon + 1;
  while (text.charCodeAt(start) === 32) start++;
  // one slice for the value (a comment alone leaves it empty)
  entryRest = start < text.length && text.charCodeAt(start) !== 35 /* # */ ? text.slice(start) : "";
  return key;
}

const isListEntry = (text: string) => text === "-" || text.startsWith("- ");

class BlockParser {
  private pos = 0;
  private readonly indents: number[];
  private readonly texts: string[];
  constructor(
    private readonly lines: Lines,
    private readonly schema: BlockYamlSchema,
  ) {
    this.indents = lines.indents;
    this.texts = lines.texts;
  }

  document(): unknown {
    if (this.texts.length === 0) return null;
    const value = this.node(-1);
    if (this.pos < this.texts.length) unsupported();
    return value;
  }

  /** The indentation of the current line; -1 past the last line. */
  private nextIndent(): number {
    return this.pos < this.indents.length ? this.indents[this.pos] : -1;
  }

  /**
   * Comment lines between `key:` (or a lone `-`) and the value on the following lines shift the
   * yaml package's indentation tracking (`- -\n\n#:  c\n    0644\n  - 1` reads [["0644 - 1"]]);
   * those documents are left to it.
   */
  private noCommentBeforePendingValue(): void {
    if (this.pos < this.texts.length && this.lines.commentBefore[this.pos]) unsupported();
  }

  /** The node starting at the current line, which is indented deeper than `parentIndent`. */
  private node(parentIndent: number): unknown {
    const text = this.texts[this.pos];
    const indent = this.indents[this.pos];
    if (isListEntry(text)) return this.list(indent);
    const key = mapEntry(text, this.schema);
    if (key !== null) return this.map(indent, key);
    const value = inlineValue(text, this.schema);
    this.pos++;
    // a deeper line after a scalar continues it (multi-line plain scalar) or is an error
    if (this.nextIndent() > parentIndent) unsupported();
    return value;
  }

  private list(indent: number): unknown[] {
    const items: unknown[] = [];
    while (this.nextIndent() === indent && isListEntry(this.texts[this.pos])) {
      const text = this.texts[this.pos];
      let start = 1;
      while (text.charCodeAt(start) === 32) start++;
      const content = text.slice(start);
      if (content === "" || content[0] === "#") {
        this.pos++;
        this.noCommentBeforePendingValue();
        items.push(this.nextIndent() > indent ? this.node(indent) : null);
      } else {
        // `- x`: x is a node indented at its own column (so `- a: 1` continues at that column)
        this.indents[this.pos] = indent + start;
        this.texts[this.pos] = content;
        this.lines.commentBefore[this.pos] = false;
        items.push(this.node(indent));
      }
    }
    if (this.nextIndent() > indent) unsupported();
    return items;
  }

  /** The map whose first entry, already read, is on the current line. */
  private map(indent: number, firstKey: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let key: string | null = firstKey; key !== null; key = this.nextEntry(indent)) {
      const rest = entryRest;
      this.pos++;
      let value: unknown;
      if (rest !== "") {
        value = inlineValue(rest, this.schema);
        if (this.nextIndent() > indent) unsupported();
      } else {
        this.noCommentBeforePendingValue();
        const following = this.nextIndent();
        if (following > indent) value = this.node(indent);
        // a list may sit at its key's indentation
        else if (following === indent && isListEntry(this.texts[this.pos])) value = this.list(indent);
        else value = null;
      }
      if (this.schema.uniqueKeys && Object.hasOwn(map, key)) unsupported();
      map[key] = value;
    }
    if (this.nextIndent() > indent) unsupported();
    return map;
  }

  /** The next entry of a map at `indent`; null when the map ends there. */
  private nextEntry(indent: number): string | null {
    if (this.nextIndent() !== indent) return null;
    const text = this.texts[this.pos];
    return (isListEntry(text) ? null : mapEntry(text, this.schema)) ?? unsupported();
  }
}

/**
 * Parses `text` when it stays within the simple block subset; `undefined` means "not
 * understood here — use the `yaml` package" (never a parse error of its own).
 */
export function parseBlockYaml(text: string, schema: BlockYamlSchema): { value: unknown } | undefined {
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    return { value: new BlockParser(splitLines(text), schema).document() };
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
}
