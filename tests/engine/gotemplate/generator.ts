/**
 * fast-check generators of Go templates and data for the differential test. Templates are
 * built from a grammar that mostly produces meaningful programs (fields that exist, functions
 * with plausible arguments) and sometimes wrong ones (type errors, missing keys, syntax errors),
 * because Go's error texts must match too.
 */
import fc from "fast-check";

const KEYS = ["a", "b", "name", "port", "list", "m", "n", "s", "x_1"];

const SAFE_STRINGS = [
  "",
  "hello",
  "Hello World",
  "héllo wörld",
  "日本語",
  "a.b.c",
  "modules.my-workload.externals.my-db",
  "x,y,z",
  "with \"quotes\"",
  "back\\slash",
  "tab\there",
  "line1\nline2",
  "<tag> & 'apos'",
  "  padded  ",
  "ABCdef123",
  "%d %s",
  "true",
  "null",
  "42",
  "3.5",
  "emoji 😀",
  "a=b&c=d",
  "/path/to/file.txt",
  "http://user:pw@example.com:8080/p?q=1#frag",
  "\u0001ctl",
  "é",
];

const INTS = [0, 1, -1, 2, 3, 7, 10, 42, 80, 255, 5432, 8080, 65535, 100000, 1000000, 123456789, -40, 2147483648];
const FLOATS = [0.5, -2.25, 1.5, 3.14159, 1e-7, 0.000001, 123456789.5, 1e21, 2.5e-3, 100.25];

/** A JSON-compatible data value (keys from a small vocabulary so fields resolve). */
export const dataValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; leaf: unknown; map: unknown; list: unknown }>((tie) => ({
  leaf: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...SAFE_STRINGS) },
    { weight: 4, arbitrary: fc.constantFrom(...INTS) },
    { weight: 2, arbitrary: fc.constantFrom(...FLOATS) },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  map: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
  list: fc.array(tie("value"), { maxLength: 4 }),
  value: fc.oneof({ maxDepth: 3, depthSize: "small" }, { weight: 5, arbitrary: tie("leaf") }, { weight: 2, arbitrary: tie("map") }, { weight: 2, arbitrary: tie("list") }),
})).value;

export const dataRoot = fc.dictionary(fc.constantFrom(...KEYS), dataValue, { minKeys: 3, maxKeys: 9 });

// ---- templates ---------------------------------------------------------------------------

const fieldPath = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS).map((k) => "." + k) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS)).map(([a, b]) => `.${a}.${b}`) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...KEYS, "missing"), { minLength: 1, maxLength: 3 }).map((p) => "." + p.join(".")) },
);

const stringLit = fc.oneof(
  fc.constantFrom(...SAFE_STRINGS.slice(0, 20)).map((s) => goQuote(s)),
  fc.constantFrom("`raw ${x}`", "`a\\nb`", '"\\u00e9\\x41\\101"', '"\\t"', '"-"', '"."', '","', '"a"', '"b"', '"name"', '"%v-%d"', '"%q"', '"%05.2f|%x|%-4s|%t"', '"^[a-z]+$"', '"a(b)?"', '"[0-9]+"', '"(\\\\w+)\\\\.(\\\\w+)"'),
);

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u0001/g, "\\x01");
}

const numberLit = fc.constantFrom("0", "1", "2", "3", "-1", "10", "8080", "1000000", "0x1F", "017", "1.5", "-2.5", "1e3", "'a'", "1_000", "3.0", "0.1");
const literal = fc.oneof(
  { weight: 3, arbitrary: stringLit },
  { weight: 3, arbitrary: numberLit },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "nil") },
);

type ArgKind = "str" | "int" | "size" | "any" | "list" | "map" | "dictLit";

/** `size` arguments are small literals only: Go and we would both build gigantic strings otherwise. */
interface FnSpec {
  name: string;
  args: ArgKind[];
  variadic?: ArgKind;
}

const FUNCS: FnSpec[] = [
  { name: "print", args: [], variadic: "any" },
  { name: "printf", args: ["str"], variadic: "any" },
  { name: "println", args: [], variadic: "any" },
  { name: "len", args: ["any"] },
  { name: "index", args: ["any"], variadic: "any" },
  { name: "slice", args: ["any"], variadic: "int" },
  { name: "not", args: ["any"] },
  { name: "and", args: ["any"], variadic: "any" },
  { name: "or", args: ["any"], variadic: "any" },
  { name: "eq", args: ["any", "any"] },
  { name: "ne", args: ["any", "any"] },
  { name: "lt", args: ["any", "any"] },
  { name: "le", args: ["any", "any"] },
  { name: "gt", args: ["any", "any"] },
  { name: "ge", args: ["any", "any"] },
  { name: "html", args: [], variadic: "any" },
  { name: "js", args: [], variadic: "any" },
  { name: "urlquery", args: [], variadic: "any" },
  { name: "quote", args: [], variadic: "any" },
  { name: "squote", args: [], variadic: "any" },
  { name: "cat", args: [], variadic: "any" },
  { name: "upper", args: ["str"] },
  { name: "lower", args: ["str"] },
  { name: "title", args: ["str"] },
  { name: "trim", args: ["str"] },
  { name: "trimAll", args: ["str", "str"] },
  { name: "trimPrefix", args: ["str", "str"] },
  { name: "trimSuffix", args: ["str", "str"] },
  { name: "substr", args: ["int", "int", "str"] },
  { name: "trunc", args: ["int", "str"] },
  { name: "repeat", args: ["size", "str"] },
  { name: "replace", args: ["str", "str", "str"] },
  { name: "contains", args: ["str", "str"] },
  { name: "hasPrefix", args: ["str", "str"] },
  { name: "hasSuffix", args: ["str", "str"] },
  { name: "splitList", args: ["str", "str"] },
  { name: "split", args: ["str", "str"] },
  { name: "join", args: ["str", "any"] },
  { name: "indent", args: ["size", "str"] },
  { name: "nindent", args: ["size", "str"] },
  { name: "toString", args: ["any"] },
  { name: "toStrings", args: ["any"] },
  { name: "b64enc", args: ["str"] },
  { name: "b64dec", args: ["str"] },
  { name: "sha256sum", args: ["str"] },
  { name: "atoi", args: ["str"] },
  { name: "int", args: ["any"] },
  { name: "int64", args: ["any"] },
  { name: "float64", args: ["any"] },
  { name: "add", args: [], variadic: "any" },
  { name: "add1", args: ["any"] },
  { name: "sub", args: ["any", "any"] },
  { name: "mul", args: ["any"], variadic: "any" },
  { name: "div", args: ["any", "any"] },
  { name: "mod", args: ["any", "any"] },
  { name: "max", args: ["any"], variadic: "any" },
  { name: "min", args: ["any"], variadic: "any" },
  { name: "addf", args: [], variadic: "any" },
  { name: "mulf", args: ["any"], variadic: "any" },
  { name: "divf", args: ["any"], variadic: "any" },
  { name: "round", args: ["any", "int"] },
  { name: "floor", args: ["any"] },
  { name: "ceil", args: ["any"] },
  { name: "until", args: ["size"] },
  { name: "seq", args: [], variadic: "size" },
  { name: "default", args: ["any"], variadic: "any" },
  { name: "empty", args: ["any"] },
  { name: "coalesce", args: [], variadic: "any" },
  { name: "ternary", args: ["any", "any", "any"] },
  { name: "toJson", args: ["any"] },
  { name: "toRawJson", args: ["any"] },
  { name: "toPrettyJson", args: ["any"] },
  { name: "fromJson", args: ["str"] },
  { name: "list", args: [], variadic: "any" },
  { name: "dict", args: [], variadic: "any" },
  { name: "first", args: ["list"] },
  { name: "last", args: ["list"] },
  { name: "rest", args: ["list"] },
  { name: "initial", args: ["list"] },
  { name: "append", args: ["list", "any"] },
  { name: "prepend", args: ["list", "any"] },
  { name: "reverse", args: ["list"] },
  { name: "uniq", args: ["list"] },
  { name: "compact", args: ["list"] },
  { name: "has", args: ["any", "list"] },
  { name: "without", args: ["list"], variadic: "any" },
  { name: "concat", args: [], variadic: "list" },
  { name: "sortAlpha", args: ["list"] },
  { name: "get", args: ["map", "str"] },
  { name: "hasKey", args: ["map", "str"] },
  { name: "pick", args: ["map"], variadic: "str" },
  { name: "omit", args: ["map"], variadic: "str" },
  // merge mutates its first argument: merging data into itself can build cycles that hang Go's printer
  { name: "merge", args: ["dictLit"], variadic: "dictLit" },
  { name: "mergeOverwrite", args: ["dictLit"], variadic: "dictLit" },
  { name: "dig", args: ["str", "any", "map"] },
  { name: "kindOf", args: ["any"] },
  { name: "typeOf", args: ["any"] },
  { name: "deepEqual", args: ["any", "any"] },
  { name: "regexMatch", args: ["str", "str"] },
  { name: "regexFind", args: ["str", "str"] },
  { name: "regexFindAll", args: ["str", "str", "int"] },
  { name: "regexReplaceAll", args: ["str", "str", "str"] },
  { name: "regexSplit", args: ["str", "str", "int"] },
  { name: "base", args: ["str"] },
  { name: "dir", args: ["str"] },
  { name: "ext", args: ["str"] },
  { name: "clean", args: ["str"] },
  { name: "urlJoin", args: ["map"] },
  { name: "randAlphaNum", args: ["size"] },
  { name: "randAlpha", args: ["size"] },
  { name: "randNumeric", args: ["size"] },
  { name: "uuidv4", args: [] },
  { name: "nospace", args: ["str"] },
  { name: "initials", args: ["str"] },
  { name: "abbrev", args: ["size", "str"] },
  { name: "wrap", args: ["size", "str"] },
  { name: "plural", args: ["str", "str", "int"] },
  { name: "fail", args: ["str"] },
  // `keys` is left out: Go returns map keys in random order (the unit tests cover it with sortAlpha).
];

// Functions whose Go output depends on map iteration order are only used in an order-fixing pipeline.
const ORDER_SENSITIVE = new Set(["keys"]);

type Gen = fc.Arbitrary<string>;

function operand(depth: number, vars: string[]): Gen {
  const choices: Array<{ weight: number; arbitrary: Gen }> = [
    { weight: 6, arbitrary: fieldPath },
    { weight: 3, arbitrary: literal },
    { weight: 1, arbitrary: fc.constant(".") },
    { weight: 1, arbitrary: fieldPath.map((p) => "$" + p) },
  ];
  if (vars.length > 0) {
    choices.push({ weight: 3, arbitrary: fc.constantFrom(...vars) });
    choices.push({ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...vars), fieldPath).map(([v, p]) => v + p) });
  }
  if (depth > 0) {
    choices.push({ weight: 3, arbitrary: pipeline(depth - 1, vars).map((p) => `(${p})`) });
    choices.push({ weight: 1, arbitrary: fc.tuple(pipeline(depth - 1, vars), fieldPath).map(([p, f]) => `(${p})${f}`) });
  }
  return fc.oneof(...choices);
}

function typedArg(kind: string, depth: number, vars: string[]): Gen {
  const fallback = operand(depth, vars);
  switch (kind) {
    case "str":
      return fc.oneof({ weight: 3, arbitrary: stringLit }, { weight: 2, arbitrary: fallback });
    case "size":
      return fc.constantFrom("0", "1", "2", "3", "5", "-1", "10");
    case "dictLit":
      return fc.constantFrom('(dict "a" 1 "b" "x")', "(dict)", '(dict "a" (dict "x" 1) "l" (list 1))', '(dict "a" "" "b" (list) "c" nil)', '(dict "a" (dict "y" 2 "x" "") "l" (list 2) "n" 0)');
    case "int":
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom("0", "1", "2", "3", "5", "-1", "10") }, { weight: 1, arbitrary: fallback });
    case "list":
      return fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(".list", "(list 1 \"a\" 2)", "(list)", "(splitList \".\" \"a.b.c\")", "(list .a .b)") },
        { weight: 1, arbitrary: fallback },
      );
    case "map":
      return fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(".m", "(dict \"a\" 1 \"b\" \"x\")", "(dict)", ".", "(dict \"scheme\" \"https\" \"host\" \"example.com\" \"path\" \"/a b\")") },
        { weight: 1, arbitrary: fallback },
      );
  }
  return fallback;
}

function command(depth: number, vars: string[], piped: boolean): Gen {
  const last = (f: FnSpec): ArgKind | undefined => (f.args.length > 0 ? f.args[f.args.length - 1] : f.variadic);
  const candidates = piped ? FUNCS.filter((f) => last(f) !== "size" && last(f) !== "dictLit" && f.variadic !== "dictLit") : FUNCS;
  const call = fc.constantFrom(...candidates).chain((spec) => {
    const fixed = piped && spec.args.length > 0 ? spec.args.slice(0, -1) : spec.args;
    const args = fixed.map((k) => typedArg(k, depth, vars));
    const extra = spec.variadic ? fc.array(typedArg(spec.variadic, depth, vars), { maxLength: 3 }) : fc.constant([] as string[]);
    return fc.tuple(fc.tuple(...args), extra).map(([a, e]) => {
      const text = [spec.name, ...a, ...e].join(" ");
      return ORDER_SENSITIVE.has(spec.name) && !piped ? `${text} | sortAlpha` : text;
    });
  });
  if (piped) return call;
  return fc.oneof({ weight: 3, arbitrary: call }, { weight: 2, arbitrary: operand(depth, vars) });
}

function pipeline(depth: number, vars: string[]): Gen {
  return fc
    .tuple(command(depth, vars, false), fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 2, arbitrary: fc.array(command(depth, vars, true), { maxLength: 2 }) }))
    .map(([first, rest]) => [first, ...rest.filter((r) => !ORDER_SENSITIVE.has(r.split(" ")[0]))].join(" | "));
}

const textChunk = fc.constantFrom("", " ", "\n", "x", "key: ", "  - ", "\n  ", "a-b", "é", "{", "}");

function open(): Gen {
  return fc.constantFrom("{{", "{{", "{{- ", "{{ ");
}

function close(): Gen {
  return fc.constantFrom("}}", "}}", " -}}", " }}");
}

function block(depth: number, vars: string[]): Gen {
  const items: Array<{ weight: number; arbitrary: Gen }> = [
    { weight: 3, arbitrary: textChunk },
    { weight: 6, arbitrary: fc.tuple(open(), pipeline(depth, vars), close()).map(([o, p, c]) => o + p + c) },
    { weight: 1, arbitrary: fc.constantFrom("{{/* c */}}", "{{- /* c */ -}}", "{{/* multi\nline */}}") },
  ];
  if (depth > 0) {
    const inner = (v: string[]): Gen => body(depth - 1, v);
    items.push({
      weight: 2,
      arbitrary: fc
        .tuple(pipeline(depth - 1, vars), inner(vars), fc.option(inner(vars), { nil: undefined }), fc.constantFrom("if", "with"))
        .map(([p, a, b, kw]) => `{{${kw} ${p}}}${a}${b === undefined ? "" : `{{else}}${b}`}{{end}}`),
    });
    items.push({
      weight: 1,
      arbitrary: fc
        .tuple(pipeline(depth - 1, vars), pipeline(depth - 1, vars), inner(vars), inner(vars))
        .map(([p, q, a, b]) => `{{if ${p}}}${a}{{else if ${q}}}${b}{{end}}`),
    });
    items.push({
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom("", "$v := ", "$i, $v := "), fc.oneof(fieldPath, fc.constant(".list"), fc.constant(".m"), pipeline(depth - 1, vars)), fc.option(fc.constantFrom("{{break}}", "{{continue}}"), { nil: "" }))
        .chain(([decl, p, ctl]) => {
          const v = decl === "" ? vars : decl.startsWith("$i") ? [...vars, "$i", "$v"] : [...vars, "$v"];
          return fc.tuple(body(depth - 1, v), fc.option(body(depth - 1, vars), { nil: undefined })).map(
            ([a, e]) => `{{range ${decl}${p}}}${a}${ctl}{{${e === undefined ? "end" : "else"}}}${e === undefined ? "" : e + "{{end}}"}`,
          );
        }),
    });
  }
  return fc.oneof(...items);
}

function body(depth: number, vars: string[]): Gen {
  return fc.array(block(depth, vars), { maxLength: 3 }).map((xs) => xs.join(""));
}

/** A whole template: optional variable declarations, a body, sometimes define/template. */
export const templateText: Gen = fc
  .tuple(
    fc.constantFrom([] as string[], ["$x"], ["$x", "$y"]),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .chain(([vars, depth, shape]) => {
    const decls = vars.map((v) => fc.tuple(pipeline(1, []), fc.constantFrom(":=", ":=", "=")).map(([p, op]) => `{{${v} ${op === "=" ? ":=" : op} ${p}}}`));
    const tail = vars.length > 0 ? fc.tuple(pipeline(1, vars)).map(([p]) => `{{${vars[0]} = ${p}}}{{${vars[0]}}}`) : fc.constant("");
    return fc.tuple(fc.tuple(...decls), body(depth, vars), tail, fc.constant(shape)).map(([d, b, t, s]) => {
      let text = d.join("") + b + t;
      if (s === 0) text = `{{define "sub"}}[{{.}}]{{end}}${text}{{template "sub" .a}}`;
      if (s === 1) text = `{{block "blk" .m}}<{{.}}>{{end}}${text}`;
      return text;
    });
  });

/** Sometimes breaks the template text to exercise parse errors. */
export const maybeBroken: fc.Arbitrary<string> = fc.tuple(templateText, fc.integer({ min: 0, max: 19 }), fc.nat()).map(([t, mode, at]) => {
  if (mode > 2 || t.length === 0) return t;
  const i = at % t.length;
  if (mode === 0) return t.slice(0, i) + t.slice(i + 1);
  if (mode === 1) return t.slice(0, i) + "}}" + t.slice(i);
  return t.slice(0, i) + "{{" + t.slice(i);
});
