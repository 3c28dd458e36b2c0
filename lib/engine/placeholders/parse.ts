/**
 * Humanitec placeholders (`${…}`) in driver inputs, resource params and workload specs
 * (humanitec-model.md §3). A string is split into text and placeholders; each placeholder is
 * parsed into a reference. `$${` is a literal `${` (the escape Baton's Score converter writes).
 */

export type PlaceholderToken = { kind: "text"; text: string } | { kind: "placeholder"; expr: string; offset: number };

export class PlaceholderSyntaxError extends Error {
  constructor(
    message: string,
    readonly expr: string,
  ) {
    super(message);
    this.name = "PlaceholderSyntaxError";
  }
}

/** Finds the `}` that closes a placeholder starting at `from`, skipping quoted brackets. */
function findClose(input: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < input.length; i++) {
    const ch = input[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "}") {
      return i;
    }
  }
  return -1;
}

export function tokenize(input: string): PlaceholderToken[] {
  if (!input.includes("${")) return input ? [{ kind: "text", text: input }] : [];
  const tokens: PlaceholderToken[] = [];
  let text = "";
  let i = 0;
  while (i < input.length) {
    if (input.startsWith("$${", i)) {
      text += "${";
      i += 3;
      continue;
    }
    if (input.startsWith("${", i)) {
      const close = findClose(input, i + 2);
      if (close < 0) {
        text += input.slice(i);
        break;
      }
      if (text) tokens.push({ kind: "text", text });
      text = "";
      tokens.push({ kind: "placeholder", expr: input.slice(i + 2, close).trim(), offset: i });
      i = close + 1;
      continue;
    }
    text += input[i];
    i++;
  }
  if (text) tokens.push({ kind: "text", text });
  return tokens;
}

export function hasPlaceholder(input: string): boolean {
  return tokenize(input).some((t) => t.kind === "placeholder");
}

/** A resource selector: `TYPE[.CLASS][#ID]` or the list selectors `A>B` / `A<B`. */
export type ResourceSelector =
  | { kind: "resource"; type: string; class?: string; id?: string }
  | { kind: "dependencies"; from: string; type: string } // A>B: B resources that A depends on
  | { kind: "dependents"; from: string; type: string }; // A<B: B resources that depend on A

export type Reference =
  | { root: "context"; path: string[] }
  | { root: "values"; key: string }
  | { root: "externals"; name: string; path: string[] }
  | { root: "shared"; rest: string[] }
  | { root: "modules"; workload: string; path: string[] }
  | { root: "resources"; selector: ResourceSelector; attribute: "outputs" | "values" | "guresid" | "account"; path: string[] };

/** Splits `a.b['c.d']["e"].f` into ["a","b","c.d","e","f"], remembering which were bracketed. */
function splitPath(expr: string): { parts: string[]; bracketed: boolean[] } {
  const parts: string[] = [];
  const bracketed: boolean[] = [];
  let i = 0;
  let current = "";
  // (no local `flush` closure: this runs for every placeholder of a plan)
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === ".") {
      flushPart(parts, bracketed, current);
      current = "";
      i++;
    } else if (ch === "[") {
      flushPart(parts, bracketed, current);
      current = "";
      const quote = expr[i + 1];
      if (quote !== "'" && quote !== '"') throw new PlaceholderSyntaxError(`expected a quoted key after "[" in \${${expr}}`, expr);
      const end = expr.indexOf(quote, i + 2);
      if (end < 0 || expr[end + 1] !== "]") throw new PlaceholderSyntaxError(`unterminated bracket in \${${expr}}`, expr);
      parts.push(expr.slice(i + 2, end));
      bracketed.push(true);
      i = end + 2;
    } else {
      current += ch;
      i++;
    }
  }
  flushPart(parts, bracketed, current);
  return { parts, bracketed };
}

/** Ends an unbracketed path part (an empty one, as between `a..b`, is dropped). */
function flushPart(parts: string[], bracketed: boolean[], current: string): void {
  if (current !== "") {
    parts.push(current);
    bracketed.push(false);
  }
}

export function parseSelector(text: string, expr: string): ResourceSelector {
  const arrow = text.match(/^([^<>]+)([<>])([^<>]+)$/);
  if (arrow) {
    const [, from, dir, type] = arrow;
    return dir === ">" ? { kind: "dependencies", from, type } : { kind: "dependents", from, type };
  }
  if (/[<>]/.test(text)) throw new PlaceholderSyntaxError(`unsupported selector "${text}" in \${${expr}}`, expr);
  const hash = text.indexOf("#");
  const typeClass = hash >= 0 ? text.slice(0, hash) : text;
  const id = hash >= 0 ? text.slice(hash + 1) : undefined;
  const dot = typeClass.indexOf(".");
  const type = dot >= 0 ? typeClass.slice(0, dot) : typeClass;
  const cls = dot >= 0 ? typeClass.slice(dot + 1) : undefined;
  if (!type) throw new PlaceholderSyntaxError(`missing resource type in \${${expr}}`, expr);
  if (id !== undefined && id === "") throw new PlaceholderSyntaxError(`empty resource id after "#" in \${${expr}}`, expr);
  if (cls !== undefined && cls === "") throw new PlaceholderSyntaxError(`empty resource class in \${${expr}}`, expr);
  return { kind: "resource", type, ...(cls !== undefined ? { class: cls } : {}), ...(id !== undefined ? { id } : {}) };
}

const RESOURCE_ATTRIBUTES = new Set(["outputs", "values", "guresid", "account"]);

function parseResourceReference(expr: string): Reference {
  const body = expr.slice("resources".length);
  if (body.startsWith("[")) {
    const { parts } = splitPath(body);
    const [selectorText, attribute, ...path] = parts;
    if (!attribute || !RESOURCE_ATTRIBUTES.has(attribute)) {
      throw new PlaceholderSyntaxError(`expected .outputs, .guresid or .account after the resource in \${${expr}}`, expr);
    }
    return { root: "resources", selector: parseSelector(selectorText, expr), attribute: attribute as "outputs", path };
  }
  if (!body.startsWith(".")) throw new PlaceholderSyntaxError(`malformed resource reference \${${expr}}`, expr);
  // dotted form: the selector runs up to the first `.outputs`, `.values`, `.guresid` or `.account` segment
  const rest = body.slice(1);
  const match = rest.match(/\.(outputs|values|guresid|account)(?=\.|\[|$)/);
  if (!match || match.index === undefined) {
    throw new PlaceholderSyntaxError(`expected .outputs, .guresid or .account after the resource in \${${expr}}`, expr);
  }
  const selectorText = rest.slice(0, match.index);
  const tail = rest.slice(match.index + match[0].length);
  const path = tail ? splitPath(tail).parts : [];
  return { root: "resources", selector: parseSelector(selectorText, expr), attribute: match[1] as "outputs", path };
}

export function parseReference(expr: string): Reference {
  if (expr === "") throw new PlaceholderSyntaxError("empty placeholder ${}", expr);
  if (expr.startsWith("resources.") || expr.startsWith("resources[")) return parseResourceReference(expr);
  if (expr.startsWith("values.")) return { root: "values", key: expr.slice("values.".length) };
  if (expr.startsWith("values[")) {
    const { parts } = splitPath(expr);
    return { root: "values", key: parts.slice(1).join(".") };
  }
  const { parts } = splitPath(expr);
  const [root, ...rest] = parts;
  switch (root) {
    case "context":
      if (rest.length === 0) throw new PlaceholderSyntaxError(`\${${expr}} needs a key`, expr);
      return { root: "context", path: rest };
    case "externals":
      if (rest.length < 1) throw new PlaceholderSyntaxError(`\${${expr}} needs a resource name`, expr);
      return { root: "externals", name: rest[0], path: rest.slice(1) };
    case "shared":
      if (rest.length < 1) throw new PlaceholderSyntaxError(`\${${expr}} needs a resource name`, expr);
      return { root: "shared", rest };
    case "modules":
      if (rest.length < 1) throw new PlaceholderSyntaxError(`\${${expr}} needs a workload name`, expr);
      return { root: "modules", workload: rest[0], path: rest.slice(1) };
    default:
      throw new PlaceholderSyntaxError(`unknown placeholder root "${root}" in \${${expr}}`, expr);
  }
}
