import type { ErrorObject } from "ajv";
import { appendPointer, segmentsFromPointer } from "./json-pointer";

/** One schema violation in words a person understands. */
export interface SchemaProblem {
  /** JSON pointer of the offending value (or of the offending key for name / unknown-field errors). */
  path: string;
  message: string;
  hint?: string;
  /** Whether the key (`name:`) or the value is the better place to point at in the source. */
  anchor: "key" | "value";
}

type InternalProblem = SchemaProblem & { fromPattern?: boolean; fromLength?: boolean };

type AjvError = ErrorObject & { propertyName?: string; parentSchema?: Record<string, unknown> };

const RFC1123_LABEL = "^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$";
const TYPE_OR_CLASS = "^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$";

/** Plain-words descriptions of the patterns used by the Score v1b1 schema. */
const PATTERN_DESCRIPTIONS: Record<string, string> = {
  [RFC1123_LABEL]: "must be 2 to 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit",
  [TYPE_OR_CLASS]: "must be 2 to 63 characters: letters, digits and '-', starting and ending with a letter or digit",
  "^score\\.dev/v1b1$": 'must be "score.dev/v1b1"',
  "^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$":
    "must be dot-separated labels of lowercase letters, digits and '-' (for example \"shared.main-db\")",
  "^(0\\.\\d+|[1-9]\\d*(\\.\\d+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$":
    'must be a memory quantity such as "128Mi", "1.5Gi" or "512M"',
  "^\\d+(?:m|\\.\\d+)?$": 'must be a CPU quantity such as "2", "0.5" or "250m"',
  "^0?[0-7]{3}$": 'must be an octal file mode written as a string, such as "0644" or "644"',
  "^(([a-z0-9][a-z0-9-]{0,61}[a-z0-9])(\\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]$":
    "must be an optional DNS prefix followed by '/', then 2 to 63 letters, digits, '.', '_' or '-' starting and ending with a letter or digit",
  "^[A-Za-z0-9_-]+$": "must contain only letters, digits, '_' and '-'",
  "^[^=]+$": "must not contain '='",
};

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean (true or false)",
  object: "a map of keys to values",
  array: "a list",
  null: "empty",
};

function describeData(data: unknown): string {
  if (data === null || data === undefined) return "empty";
  if (Array.isArray(data)) return "a list";
  if (typeof data === "object") return "a map";
  if (typeof data === "string") return `the string ${JSON.stringify(data)}`;
  if (typeof data === "number") return `the number ${data}`;
  return `the ${typeof data} ${String(data)}`;
}

function quoteList(values: readonly unknown[], conjunction: "or" | "and" = "or"): string {
  const quoted = values.map((v) => JSON.stringify(v));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** Levenshtein distance, for "did you mean" hints on short field names. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  // "no-name" for "name", "image_name" for "image": the intended word is inside the written one.
  const containing = candidates.find(
    (c) => Math.min(c.length, word.length) >= 4 && (norm(c).includes(norm(word)) || norm(word).includes(norm(c))),
  );
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = norm(candidate) === norm(word) ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (bestScore <= Math.max(1, Math.floor(word.length / 3))) return best;
  return containing;
}

/** What a map key names, from where the map sits in the document (for name errors). */
function describeKeyKind(parentPointer: string): string {
  const segments = segmentsFromPointer(parentPointer);
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  if (segments.length === 1 && last === "containers") return "container name";
  if (segments.length === 1 && last === "resources") return "resource name";
  if (last === "ports" && parent === "service") return "service port name";
  if (last === "before") return "container name";
  if (last === "variables") return "variable name";
  if (last === "annotations") return "annotation key";
  return "key";
}

function typeProblem(err: AjvError): SchemaProblem {
  const expected = ([] as string[]).concat(err.params.type as string | string[]);
  const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(" or ");
  const data = err.data;
  let hint: string | undefined;
  if (data === null || data === undefined) {
    hint = "the value is empty (null): give it a value, or remove the key";
  } else if (expected.includes("string") && (typeof data === "number" || typeof data === "boolean")) {
    hint = `YAML reads this unquoted value as ${typeof data === "boolean" ? "a boolean" : "a number"}; wrap it in quotes`;
  } else if ((expected.includes("integer") || expected.includes("number")) && typeof data === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(data)) {
    hint = "remove the quotes so YAML reads a number";
  } else {
    hint = `found ${describeData(data)}`;
  }
  return { path: err.instancePath, message: `must be ${words}`, hint, anchor: "value" };
}

function rangeMessage(err: AjvError): string {
  const parent = err.parentSchema ?? {};
  if (typeof parent.minimum === "number" && typeof parent.maximum === "number") {
    return `must be between ${parent.minimum} and ${parent.maximum}`;
  }
  const limit = err.params.limit as number;
  return err.keyword === "minimum" ? `must be at least ${limit}` : `must be at most ${limit}`;
}

function patternDescription(pattern: string): string {
  return PATTERN_DESCRIPTIONS[pattern] ?? `must match the pattern ${pattern}`;
}

/** `oneOf` / `anyOf` made only of `required` branches: "set one of these fields". */
function requiredChoice(err: AjvError): string[] | undefined {
  const branches = err.schema;
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const branch of branches) {
    const required = (branch as { required?: unknown }).required;
    const keys = Object.keys(branch as object);
    if (!Array.isArray(required) || required.length !== 1 || keys.length !== 1) return undefined;
    names.push(String(required[0]));
  }
  return names;
}

function valueProblem(err: AjvError): InternalProblem | undefined {
  const path = err.instancePath;
  switch (err.keyword) {
    case "type":
      return typeProblem(err);
    case "required": {
      const missing = String(err.params.missingProperty);
      const present = err.data && typeof err.data === "object" ? Object.keys(err.data as object) : [];
      const similar = closest(missing, present);
      return {
        path,
        message: `missing required field "${missing}"`,
        hint: similar ? `found "${similar}": did you mean "${missing}"?` : undefined,
        anchor: "key",
      };
    }
    case "additionalProperties": {
      const unknown = String(err.params.additionalProperty);
      const allowed = Object.keys((err.parentSchema?.properties as object | undefined) ?? {});
      const similar = closest(unknown, allowed);
      return {
        path: appendPointer(path, unknown),
        message: `unknown field "${unknown}"`,
        hint: similar
          ? `did you mean "${similar}"?`
          : allowed.length > 0
            ? `allowed fields: ${allowed.join(", ")}`
            : undefined,
        anchor: "key",
      };
    }
    case "pattern": {
      const pattern = String(err.params.pattern);
      let hint: string | undefined;
      if (pattern === "^score\\.dev/v1b1$" && err.data === "score.sh/v1b1") {
        hint = '"score.sh/v1b1" is the legacy version; did you mean "score.dev/v1b1"?';
      } else if (typeof err.data === "string") {
        hint = `found ${JSON.stringify(err.data)}`;
      }
      return { path, message: patternDescription(pattern), hint, anchor: "value", fromPattern: true };
    }
    case "minLength": {
      const limit = err.params.limit as number;
      return {
        path,
        message: limit === 1 ? "must not be empty" : `must be at least ${limit} characters long`,
        anchor: "value",
        fromLength: true,
      };
    }
    case "maxLength":
      return { path, message: `must be at most ${err.params.limit} characters long`, anchor: "value", fromLength: true };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, message: rangeMessage(err), hint: `found ${describeData(err.data)}`, anchor: "value" };
    case "enum": {
      const allowed = (err.params.allowedValues as unknown[]) ?? [];
      const match = allowed.find((v) => typeof v === "string" && typeof err.data === "string" && v.toLowerCase() === err.data.toLowerCase());
      return {
        path,
        message: `must be one of ${quoteList(allowed)}`,
        hint: match !== undefined ? `did you mean ${JSON.stringify(match)}? (values are case-sensitive)` : `found ${describeData(err.data)}`,
        anchor: "value",
      };
    }
    case "minProperties": {
      const limit = err.params.limit as number;
      if (path === "/containers") return { path, message: "must define at least one container", anchor: "key" };
      return { path, message: `must have at least ${limit} ${limit === 1 ? "entry" : "entries"}`, anchor: "key" };
    }
    case "maxProperties":
      return { path, message: `must have at most ${err.params.limit} entries`, anchor: "key" };
    case "minItems":
      return { path, message: `must have at least ${err.params.limit} items`, anchor: "value" };
    case "maxItems":
      return { path, message: `must have at most ${err.params.limit} items`, anchor: "value" };
    case "not":
      if (path.includes("/files/") || path.includes("/volumes/")) {
        return {
          path: appendPointer(path, "target"),
          message: 'unknown field "target"',
          hint: "in the map form the key is the target path, so remove \"target\"",
          anchor: "key",
        };
      }
      return { path, message: "is not allowed here", anchor: "key" };
    case "const":
      return { path, message: `must be ${JSON.stringify(err.params.allowedValue)}`, anchor: "value" };
    default:
      return { path, message: err.message ?? `is invalid (${err.keyword})`, anchor: "value" };
  }
}

/**
 * Turns ajv's raw errors into one readable problem per real mistake:
 * - `oneOf` / `anyOf` noise collapses into a single "set one of …" (or into the errors of the
 *   branch whose type matches the value, for the legacy array-or-map alternatives);
 * - invalid map keys (container, resource, port names…) become one message per key;
 * - duplicates are dropped.
 */
export function humanizeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const all = errors as AjvError[];
  const problems: InternalProblem[] = [];

  // Required-only alternatives (file content source, probe kind): their branch errors are noise.
  const choiceErrors = all.filter((e) => (e.keyword === "oneOf" || e.keyword === "anyOf") && requiredChoice(e));
  const isChoiceBranch = (e: AjvError) =>
    choiceErrors.some((c) => c !== e && e.instancePath === c.instancePath && e.schemaPath.startsWith(c.schemaPath + "/"));

  // Legacy array-or-map alternatives (official schema only): keep the branch matching the value's type.
  const shapeChoices = all.filter((e) => e.keyword === "oneOf" && !requiredChoice(e));
  const isWrongShapeBranch = (e: AjvError) =>
    shapeChoices.some((c) => {
      if (e === c || !e.schemaPath.startsWith(c.schemaPath + "/")) return false;
      if (e.keyword !== "type" || e.instancePath !== c.instancePath) return false;
      const dataIsArray = Array.isArray(c.data);
      const dataIsObject = typeof c.data === "object" && c.data !== null && !dataIsArray;
      return (dataIsArray || dataIsObject) && e.params.type !== (dataIsArray ? "array" : "object");
    });

  const invalidKeys = new Map<string, { parent: string; name: string; messages: Set<string>; hasPattern: boolean }>();

  for (const err of all) {
    if (err.keyword === "propertyNames") continue; // summarised through its sub-errors below
    if (err.propertyName !== undefined) {
      const id = `${err.instancePath}\u0000${err.propertyName}`;
      let entry = invalidKeys.get(id);
      if (!entry) {
        entry = { parent: err.instancePath, name: err.propertyName, messages: new Set(), hasPattern: false };
        invalidKeys.set(id, entry);
      }
      if (err.keyword === "pattern") {
        entry.hasPattern = true;
        entry.messages.add(patternDescription(String(err.params.pattern)));
      } else if (err.keyword === "minLength") {
        entry.messages.add(`must be at least ${err.params.limit} characters long`);
      } else if (err.keyword === "maxLength") {
        entry.messages.add(`must be at most ${err.params.limit} characters long`);
      } else {
        entry.messages.add(err.message ?? "is invalid");
      }
      continue;
    }
    if (isChoiceBranch(err) || isWrongShapeBranch(err)) continue;

    if (err.keyword === "oneOf" || err.keyword === "anyOf") {
      const names = requiredChoice(err);
      if (names) {
        const passing = err.params.passingSchemas as number[] | null | undefined;
        if (err.keyword === "oneOf" && Array.isArray(passing)) {
          problems.push({
            path: err.instancePath,
            message: `must set only one of ${quoteList(names)}`,
            hint: `found ${quoteList(passing.map((i) => names[i]), "and")}`,
            anchor: "key",
          });
        } else {
          problems.push({
            path: err.instancePath,
            message: err.keyword === "oneOf" ? `must set exactly one of ${quoteList(names)}` : `must set at least one of ${quoteList(names)}`,
            anchor: "key",
          });
        }
      }
      // Shape alternatives: the surviving branch errors already say what is wrong.
      continue;
    }
    const problem = valueProblem(err);
    if (problem) problems.push(problem);
  }

  for (const entry of invalidKeys.values()) {
    // The pattern description already covers the length limits.
    const messages = entry.hasPattern
      ? [...entry.messages].filter((m) => !/characters long$/.test(m))
      : [...entry.messages];
    problems.push({
      path: appendPointer(entry.parent, entry.name),
      message: `invalid ${describeKeyKind(entry.parent)} ${JSON.stringify(entry.name)}: ${messages.join("; ")}`,
      anchor: "key",
    });
  }

  // A pattern description already states the length limits of the same value.
  const patternPaths = new Set(problems.filter((p) => p.fromPattern).map((p) => p.path));
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (p.fromLength && patternPaths.has(p.path)) return false;
    delete p.fromPattern;
    delete p.fromLength;
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
