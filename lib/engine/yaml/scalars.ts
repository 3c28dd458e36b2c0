/**
 * How plain (unquoted) YAML scalars read under the schemas Baton parses with: the YAML 1.2 core
 * schema (Score files), and the same preceded by yaml.v3's `0`-prefixed octal integers (rendered
 * templates). The tests and their order are those the `yaml` package applies (first match wins),
 * so the block parser and the `yaml` package agree value for value.
 */

/** Go's yaml.v3 reads `0644` as octal (strconv.ParseInt base 0): 420, where YAML 1.2 reads 644. */
export const GO_OCTAL_INT = /^[-+]?0[0-7]+$/;

export function resolveGoOctal(text: string): number {
  const negative = text.startsWith("-");
  const value = parseInt(text.replace(/^[-+]/, ""), 8);
  return negative ? -value : value;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar (already trimmed) under the YAML 1.2 core schema, as the `yaml` package reads it.
 * The first character decides which tests can match at all (the package tries them in order:
 * null, bool, 0o octal, int, hex, nan/inf, exponent float, float), which keeps keys cheap.
 */
export function resolveCoreScalar(text: string): unknown {
  switch (text[0]) {
    case undefined:
    case "~":
      return text.length <= 1 ? null : text;
    // null spellings are 4 characters long, true 4 and false 5: longer keys and values (name,
    // namespace, type…) skip the regular expressions
    case "n":
    case "N":
      return text.length === 4 && NULL.test(text) ? null : text;
    case "t":
    case "T":
      return text.length === 4 && BOOL.test(text) ? true : text;
    case "f":
    case "F":
      return text.length === 5 && BOOL.test(text) ? false : text;
    case "-":
    case "+":
    case ".":
    case "0":
    case "1":
    case "2":
    case "3":
    case "4":
    case "5":
    case "6":
    case "7":
    case "8":
    case "9":
      return resolveNumeric(text);
    default:
      return text;
  }
}

function resolveNumeric(text: string): unknown {
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === "nan" ? NaN : text[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** A plain scalar in a rendered template: yaml.v3's octal integers first, then the core schema. */
export function resolveGoYamlScalar(text: string): unknown {
  const first = text.charCodeAt(0);
  // only `0…`, `-0…` and `+0…` can be yaml.v3 octal
  if ((first === 48 || first === 45 || first === 43) && GO_OCTAL_INT.test(text)) return resolveGoOctal(text);
  return resolveCoreScalar(text);
}
