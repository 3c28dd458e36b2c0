/** Sprig's defaults.go (default, empty, coalesce, JSON, ternary) and fail. */
import { fromGoJson } from "../decode";
import { GoFuncError } from "../errors";
import { JsonUnsupportedValueError, marshalJson, marshalJsonIndent } from "../json";
import type { GoValue } from "../values";
import { isEmpty } from "./convert";
import { type FuncMap, goFunc } from "./types";

function jsonOrEmpty(f: () => string): string {
  try {
    return f();
  } catch (err) {
    if (err instanceof JsonUnsupportedValueError) return "";
    throw err;
  }
}

function jsonOrError(f: () => string): string {
  try {
    return f();
  } catch (err) {
    if (err instanceof JsonUnsupportedValueError) throw new GoFuncError(err.message);
    throw err;
  }
}

/** json.Unmarshal into interface{}; Go's error text is approximated by the JS parser's. */
function fromJson(s: string): { value: GoValue; error?: string } {
  try {
    return { value: fromGoJson(s) };
  } catch (err) {
    return { value: null, error: (err as Error).message };
  }
}

export const sprigDefaultFuncs: FuncMap = {
  default: goFunc(["any"], ([d, ...given]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), "any"),
  empty: goFunc(["any"], ([v]) => isEmpty(v)),
  coalesce: goFunc([], (v) => {
    for (const x of v) if (!isEmpty(x)) return x;
    return null;
  }, "any"),
  all: goFunc([], (v) => v.every((x) => !isEmpty(x)), "any"),
  any: goFunc([], (v) => v.some((x) => !isEmpty(x)), "any"),
  fromJson: goFunc(["string"], ([s]) => fromJson(s as string).value),
  mustFromJson: goFunc(["string"], ([s]) => {
    const r = fromJson(s as string);
    if (r.error) throw new GoFuncError(r.error);
    return r.value;
  }),
  toJson: goFunc(["any"], ([v]) => jsonOrEmpty(() => marshalJson(v))),
  mustToJson: goFunc(["any"], ([v]) => jsonOrError(() => marshalJson(v))),
  toPrettyJson: goFunc(["any"], ([v]) => jsonOrEmpty(() => marshalJsonIndent(v, "  "))),
  mustToPrettyJson: goFunc(["any"], ([v]) => jsonOrError(() => marshalJsonIndent(v, "  "))),
  toRawJson: goFunc(["any"], ([v]) => jsonOrError(() => marshalJson(v, false))),
  mustToRawJson: goFunc(["any"], ([v]) => jsonOrError(() => marshalJson(v, false))),
  ternary: goFunc(["any", "any", "bool"], ([vt, vf, v]) => (v ? vt : vf)),
  fail: goFunc(["string"], ([msg]) => {
    throw new GoFuncError(msg as string);
  }),
};
