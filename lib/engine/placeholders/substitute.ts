import { parseReference, PlaceholderSyntaxError, tokenize, type Reference } from "./parse";

/** A resolved placeholder: its value and whether it came from a secret. */
export interface Resolved {
  value: unknown;
  secret: boolean;
}

/** `dependency: true` marks an error caused by a resource that failed earlier (already reported). */
export type ResolveResult = Resolved | { error: string; dependency?: boolean };

export type ReferenceResolver = (ref: Reference, expr: string) => ResolveResult;

export interface PlaceholderIssue {
  /** The placeholder as written, e.g. `${values.MISSING}`. */
  placeholder: string;
  /** Dotted path of the string inside the object being resolved, e.g. `values.templates.init`. */
  location: string;
  message: string;
  /** The placeholder names a resource that failed or matched nothing; the cause is reported elsewhere. */
  dependency?: boolean;
}

export interface SubstituteResult<T = unknown> {
  value: T;
  /** True when any placeholder in the value resolved to a secret. */
  secret: boolean;
  /** Paths (dotted) of strings that became secret. */
  secretPaths: string[];
  issues: PlaceholderIssue[];
}

/** Non-strings are JSON-encoded when embedded in a longer string (humanitec-model.md §3). */
function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/**
 * Resolves the placeholders of one string. A string that is exactly one placeholder takes the
 * referenced value's type; otherwise pieces are concatenated. One secret piece makes the
 * whole string secret.
 */
export function substituteString(input: string, resolve: ReferenceResolver, location: string): SubstituteResult {
  const tokens = tokenize(input);
  if (!tokens.some((t) => t.kind === "placeholder")) {
    const text = tokens.map((t) => (t.kind === "text" ? t.text : "")).join("");
    return { value: text, secret: false, secretPaths: [], issues: [] };
  }
  const issues: PlaceholderIssue[] = [];
  let secret = false;
  const pieces: unknown[] = [];
  for (const token of tokens) {
    if (token.kind === "text") {
      pieces.push(token.text);
      continue;
    }
    const placeholder = `\${${token.expr}}`;
    let ref: Reference;
    try {
      ref = parseReference(token.expr);
    } catch (err) {
      const message = err instanceof PlaceholderSyntaxError ? err.message : String(err);
      issues.push({ placeholder, location, message });
      pieces.push("");
      continue;
    }
    const result = resolve(ref, token.expr);
    if ("error" in result) {
      issues.push({ placeholder, location, message: result.error, ...(result.dependency ? { dependency: true } : {}) });
      pieces.push("");
      continue;
    }
    secret ||= result.secret;
    pieces.push(result.value);
  }
  const value = tokens.length === 1 ? pieces[0] : pieces.map(stringify).join("");
  return { value, secret, secretPaths: secret ? [location] : [], issues };
}

/** Resolves every string inside a JSON value (keys are left alone). */
export function substituteDeep<T>(input: T, resolve: ReferenceResolver, location = ""): SubstituteResult<T> {
  const walk: DeepWalk = { resolve, issues: [], secretPaths: [] };
  const value = substituteValue(walk, input, location) as T;
  return { value, secret: walk.secretPaths.length > 0, secretPaths: walk.secretPaths, issues: walk.issues };
}

/** What `substituteDeep` collects while it walks (module-level walker: no closure per call). */
interface DeepWalk {
  resolve: ReferenceResolver;
  issues: PlaceholderIssue[];
  secretPaths: string[];
}

function substituteValue(walk: DeepWalk, value: unknown, path: string): unknown {
  if (typeof value === "string") {
    // most strings (templates, images, sizes) hold no placeholder: keep them as they are
    if (!value.includes("${")) return value;
    const result = substituteString(value, walk.resolve, path);
    walk.issues.push(...result.issues);
    walk.secretPaths.push(...result.secretPaths);
    return result.value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(substituteValue(walk, value[i], `${path}[${i}]`));
    return out;
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const item = (value as Record<string, unknown>)[key];
      // a string without placeholders needs no location
      out[key] = typeof item === "string" && !item.includes("${") ? item : substituteValue(walk, item, path ? `${path}.${key}` : key);
    }
    return out;
  }
  return value;
}

/** Containers and strings with `${` (the others hold no reference: no need to build their location). */
const mayHoldReference = (value: unknown) => (typeof value === "string" ? value.includes("${") : typeof value === "object" && value !== null);

/** Every parsable reference in a JSON value, with the dotted location of its string. */
export function collectReferences(input: unknown, location = ""): { ref: Reference; expr: string; location: string }[] {
  const found: { ref: Reference; expr: string; location: string }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (!value.includes("${")) return;
      for (const token of tokenize(value)) {
        if (token.kind !== "placeholder") continue;
        try {
          found.push({ ref: parseReference(token.expr), expr: token.expr, location: path });
        } catch {
          // syntax errors are reported when the string is resolved
        }
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (mayHoldReference(value[i])) walk(value[i], `${path}[${i}]`);
    } else if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const item = (value as Record<string, unknown>)[keys[i]];
        if (mayHoldReference(item)) walk(item, path ? `${path}.${keys[i]}` : keys[i]);
      }
    }
  };
  walk(input, location);
  return found;
}

/** Walks a value by keys; `undefined` when a key is missing. */
export function walkPath(value: unknown, path: readonly string[]): { found: true; value: unknown } | { found: false; missing: string } {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) {
      current = current[Number(key)];
      continue;
    }
    if (typeof current !== "object" || current === null || Array.isArray(current) || !(key in current)) {
      return { found: false, missing: key };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}
