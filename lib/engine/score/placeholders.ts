/**
 * The Score placeholder language (score.md §5), with the same matching, escaping and error
 * wording as score-go's framework:
 * - `${path}` is replaced; the path runs up to the first `}` (no nesting);
 * - `$$` is a literal `$` (so `$${x}` is the literal text `${x}`); a lone `$` is left unchanged;
 * - path segments are separated by `.`; `\.` is a dot inside a segment;
 * - a resolved value that is not a string is JSON-encoded (as Go's json.Marshal would).
 */

/** Same expression as score-go: `$` followed by either `$` or `{…}` (up to the first `}`). */
const PLACEHOLDER = /\$(\$|\{([^}]*)\})/g;

export interface PlaceholderMatch {
  /** The text between `${` and `}`, e.g. `resources.db.host`. */
  ref: string;
  /** `ref` split into segments with `\.` unescaped. */
  parts: string[];
  /** Offsets of the whole `${…}` in the input. */
  start: number;
  end: number;
}

/** Raised by resolvers for one placeholder; the message is shown after "invalid ref '…': ". */
export class PlaceholderLookupError extends Error {}

/** Raised when one or more placeholders in a string cannot be resolved. */
export class PlaceholderError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

/**
 * Resolves a placeholder: receives the split path and the raw ref. Return the value (strings are
 * used as-is, anything else is JSON-encoded) or throw (a PlaceholderLookupError message is wrapped
 * as "invalid ref 'REF': MESSAGE"; any other Error's message is used as-is).
 */
export type PlaceholderResolve = (parts: string[], ref: string) => unknown;

/** Splits a placeholder path on `.`, treating `\.` as a dot inside a segment. */
export function splitPlaceholderPath(ref: string): string[] {
  // the usual path has no `\.` (nor the NUL the general path uses as a stand-in)
  if (!ref.includes("\\") && !ref.includes("\u0000")) return ref.split(".");
  return ref
    .split("\\.")
    .join("\u0000")
    .split(".")
    .map((part) => part.split("\u0000").join("."));
}

/** Lists the placeholders of a string that would be substituted (escaped `$${…}` are skipped). */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m[1] === "$") continue;
    const ref = m[2] ?? "";
    found.push({ ref, parts: splitPlaceholderPath(ref), start: m.index!, end: m.index! + m[0].length });
  }
  return found;
}

/**
 * Replaces every `${…}` in `text` with `resolve(parts)`, and `$$` with `$`.
 * All placeholders are attempted; if any fails, a PlaceholderError lists every problem.
 */
export function substitutePlaceholders(text: string, resolve: PlaceholderResolve): string {
  const problems: string[] = [];
  const result = text.replace(PLACEHOLDER, (_whole, escapeOrBrace: string, ref: string | undefined) => {
    if (escapeOrBrace === "$") return "$";
    const inner = ref ?? "";
    try {
      return stringifyResolved(resolve(splitPlaceholderPath(inner), inner));
    } catch (err) {
      problems.push(describeResolveError(err, inner));
      return "";
    }
  });
  if (problems.length > 0) throw new PlaceholderError(problems);
  return result;
}

function describeResolveError(err: unknown, ref: string): string {
  if (err instanceof PlaceholderLookupError) return `invalid ref '${ref}': ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Strings stay as they are; everything else is encoded like Go's json.Marshal. */
export function stringifyResolved(value: unknown): string {
  return typeof value === "string" ? value : encodeJsonLikeGo(value);
}

/**
 * JSON encoding with Go's encoding/json conventions: map keys sorted, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, so `{"key":"value"}` and `5432` come out byte-identical to the reference tools.
 */
export function encodeJsonLikeGo(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return encodeGoString(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(encodeJsonLikeGo).join(",")}]`;
  if (value instanceof Date) return encodeGoString(value.toISOString());
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort(compareUtf8);
    return `{${keys.map((k) => `${encodeGoString(k)}:${encodeJsonLikeGo(obj[k])}`).join(",")}}`;
  }
  return "null";
}

function compareUtf8(a: string, b: string): number {
  // Go sorts map keys by byte order; for BMP text, code-unit order matches except surrogates. Good enough.
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeGoString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Looks up `keys` in a nested map, with score-go's error wording. */
export function lookupInMap(root: unknown, keys: string[]): unknown {
  let current: unknown = root;
  for (const key of keys) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) {
      throw new PlaceholderLookupError(`cannot lookup key '${key}', context is not a map`);
    }
    const map = current as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(map, key)) throw new PlaceholderLookupError(`key '${key}' not found`);
    current = map[key];
  }
  return current;
}

/** Outputs of one resource: a plain map of outputs, or a function that looks up a key path. */
export type ResourceOutputs = Record<string, unknown> | ((keys: string[]) => unknown);

export interface WorkloadPlaceholderContext {
  /** The workload's `metadata` map. */
  metadata: Record<string, unknown>;
  /**
   * Provisioned outputs per resource name. A resource missing from this map is "not known";
   * pass a function to resolve lazily (throw PlaceholderLookupError for a missing key).
   */
  resources: Record<string, ResourceOutputs>;
  /**
   * Value of the bare `${resources.NAME}` form, which only a volume `source` may use
   * (score-k8s resolves it to the resource UID `type.class#id`). Defaults to the resource name.
   */
  resourceUid?: (name: string) => string;
}

export interface ResolverOptions {
  /** Accept `${resources.NAME}` without an output key (only in `containers.*.volumes.*.source`). */
  allowBareResource?: boolean;
}

/** Builds the standard Score resolver for `${metadata.…}` and `${resources.…}`. */
export function createWorkloadResolver(ctx: WorkloadPlaceholderContext, options: ResolverOptions = {}): PlaceholderResolve {
  return (parts) => {
    switch (parts[0]) {
      case "metadata":
        if (parts.length < 2) throw new PlaceholderLookupError("requires at least a metadata key to lookup");
        return lookupInMap(ctx.metadata, parts.slice(1));
      case "resources": {
        if (parts.length < 2) throw new PlaceholderLookupError("requires at least a resource name to lookup");
        const name = parts[1];
        if (!Object.prototype.hasOwnProperty.call(ctx.resources, name)) {
          throw new PlaceholderLookupError(`no known resource '${name}'`);
        }
        if (parts.length === 2) {
          if (!options.allowBareResource) {
            throw new PlaceholderLookupError(
              "an output key is required (the bare ${resources.NAME} form is only allowed in a volume source)",
            );
          }
          return ctx.resourceUid ? ctx.resourceUid(name) : name;
        }
        const outputs = ctx.resources[name];
        return typeof outputs === "function" ? outputs(parts.slice(2)) : lookupInMap(outputs, parts.slice(2));
      }
      default:
        throw new PlaceholderLookupError("unknown reference root, use $$ to escape the substitution");
    }
  };
}

/**
 * Substitutes every string nested in a map or list (resource params), like score-go's Substitute:
 * errors are prefixed with the key path, e.g. `a: 0: b: invalid ref …`.
 */
export function substituteInValue(value: unknown, resolve: PlaceholderResolve): unknown {
  if (typeof value === "string") return substitutePlaceholders(value, resolve);
  if (Array.isArray(value)) {
    return value.map((item, i) => withPrefix(String(i), () => substituteInValue(item, resolve)));
  }
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = withPrefix(k, () => substituteInValue(v, resolve));
    }
    return out;
  }
  return value;
}

function withPrefix<T>(prefix: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof PlaceholderError) throw new PlaceholderError(err.problems.map((p) => `${prefix}: ${p}`));
    throw err;
  }
}
