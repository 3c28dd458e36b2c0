/**
 * The block YAML parser must give exactly the `yaml` package's values whenever it accepts a
 * document — under the template driver's configuration (Go-yaml octal, repeated keys) and the
 * Score loader's (core schema, unique keys) — and decline everything else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRenderedYaml, RENDERED_YAML_SCHEMA } from "@/lib/engine/drivers/yaml-output";
import { parseScoreYaml, parseScoreYamlGeneral, SCORE_BLOCK_SCHEMA } from "@/lib/engine/score/yaml-source";
import { parseBlockYaml as parseWith } from "@/lib/engine/yaml/block-parser";
import { compareParsers, exactDump } from "./yaml-compare";

const parseBlockYaml = (text: string) => parseWith(text, RENDERED_YAML_SCHEMA);
const fast = (text: string) => {
  const result = parseBlockYaml(text);
  return result ? exactDump(result.value) : undefined;
};

describe("parseBlockYaml: the subset", () => {
  it("reads maps, lists, compact lists and lists of maps", () => {
    const text = [
      "kind: Service",
      "metadata:",
      "  name: db",
      "  labels:",
      "    app.kubernetes.io/name: postgres",
      "spec:",
      "  ports:",
      "  - name: pg",
      "    port: 5432",
      "  -   name: other",
      "      port: 80",
      "  selector: {}",
      "  args:",
      "    - - nested",
      "      - list",
      "    -",
      "      deep: true",
      "    -",
      "  empty: []",
      "  none:",
    ].join("\n");
    expect(parseBlockYaml(text)?.value).toEqual({
      kind: "Service",
      metadata: { name: "db", labels: { "app.kubernetes.io/name": "postgres" } },
      spec: {
        ports: [{ name: "pg", port: 5432 }, { name: "other", port: 80 }],
        selector: {},
        args: [["nested", "list"], { deep: true }, null],
        empty: [],
        none: null,
      },
    });
  });

  it("reads scalars like yaml.v3 reads templates (0-prefixed integers are octal)", () => {
    const text = "a: 0644\nb: -012\nc: 08\nd: 0o17\ne: 0x1F\nf: 1e3\ng: .5\nh: ~\ni: True\nj: yes\nk: 1.50\nl: .inf\nm: -0\nn: 1_000\n";
    expect(parseBlockYaml(text)?.value).toEqual({ a: 420, b: -10, c: 8, d: 15, e: 31, f: 1000, g: 0.5, h: null, i: true, j: "yes", k: 1.5, l: Infinity, m: -0, n: "1_000" });
  });

  it("reads quoted scalars, comments and keys as the yaml package stringifies them", () => {
    const text = [
      "# leading comment",
      '"quoted key": "a\\tb \\"c\\" \\u00e9\\x41\\U0001F600"',
      "single: 'it''s' # trailing",
      "plain: value # comment",
      "hash: a#b",
      "url: http://example.com:80/x",
      "1.0: one",
      "0644: octal key",
      "~: null key",
      "",
      "   # indented comment",
      "dash: -c",
    ].join("\n");
    expect(parseBlockYaml(text)?.value).toEqual({
      "quoted key": 'a\tb "c" éA😀',
      single: "it's",
      plain: "value",
      hash: "a#b",
      url: "http://example.com:80/x",
      "1": "one",
      "420": "octal key",
      "": "null key",
      dash: "-c",
    });
  });

  it("keeps the first position of a repeated key and the last value", () => {
    expect(Object.entries(parseBlockYaml("a: 1\nb: 2\na: 3\n")!.value as object)).toEqual([["a", 3], ["b", 2]]);
  });

  it("reads an empty or comment-only document as null, and a lone scalar", () => {
    expect(parseBlockYaml("")?.value).toBeNull();
    expect(parseBlockYaml("# nothing\n\n")?.value).toBeNull();
    expect(parseBlockYaml("  hello\n")?.value).toBe("hello");
    expect(parseBlockYaml('"x"\n')?.value).toBe("x");
  });

  it.each([
    ["a block scalar", "a: |\n  text\n"],
    ["a flow map", "a: {b: 1}\n"],
    ["a flow list", "a: [1, 2]\n"],
    ["an anchor", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a multi-line quoted scalar", 'a: "one\n  two"\n'],
    ["a tab", "a:\tb\n"],
    ["a document marker", "---\na: 1\n"],
    ["a complex key", "? a\n: b\n"],
    ["a nested map on one line", "a: b: c\n"],
    ["a __proto__ key", "__proto__: x\n"],
    ["a bad escape", 'a: "\\q"\n'],
    ["CRLF line ends", "a: 1\r\nb: 2\r\n"],
    ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
    ["a list entry inside a map", "a: 1\n- b\n"],
    // the yaml package reads `- -\n\n#:  c\n    0644\n  - 1` as [["0644 - 1"]]
    ["a comment line before a pending value", "a:\n  # c\n  b: 1\n"],
    ["a comment line before a pending list item", "- -\n\n#:  c\n    0644\n  - 1\n"],
  ])("declines %s", (_what, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });

  it("under the Score configuration: core schema (0644 is 644), repeated and merge keys declined", () => {
    expect(parseWith("a: 0644\nb: 0o17\n", SCORE_BLOCK_SCHEMA)?.value).toEqual({ a: 644, b: 15 });
    expect(parseWith("a: 1\na: 2\n", SCORE_BLOCK_SCHEMA)).toBeUndefined();
    expect(parseWith('a: 1\n"a": 2\n', SCORE_BLOCK_SCHEMA)).toBeUndefined();
    expect(parseWith("<<: {}\n", SCORE_BLOCK_SCHEMA)).toBeUndefined();
    expect(parseWith("toString: 1\nconstructor: 2\n", SCORE_BLOCK_SCHEMA)?.value).toEqual({ toString: 1, constructor: 2 });
  });

  it("parseScoreYaml: a block mapping takes the fast path and still locates pointers", () => {
    const text = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\n    variables:\n      MODE: 0644\n";
    const fastPath = parseScoreYaml(text);
    const general = parseScoreYamlGeneral(text);
    expect(fastPath.ok && general.ok).toBe(true);
    if (!fastPath.ok || !general.ok) return;
    expect(fastPath.source.value).toEqual(general.source.value);
    for (const pointer of ["/metadata/name", "/containers/main/variables/MODE", "/containers/main/missing", ""]) {
      expect(fastPath.source.locate(pointer)).toEqual(general.source.locate(pointer));
    }
    // what the block parser declines is decoded (and reported) by the general path
    expect(parseScoreYaml("a: 1\na: 2\n")).toEqual(parseScoreYamlGeneral("a: 1\na: 2\n"));
    expect(parseScoreYaml("- a\n")).toEqual(parseScoreYamlGeneral("- a\n"));
  });

  it("parseRenderedYaml falls back to the yaml package for what the fast path declines", () => {
    expect(parseRenderedYaml("a: |\n  text\nb: [1, 0644]\n", "t")).toEqual({ a: "text\n", b: [1, 420] });
    expect(() => parseRenderedYaml("a: [1\n", "manifests")).toThrow(/template "manifests" did not render valid YAML/);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: generated block documents, then the same documents mutated character by
// character. Whenever the fast path accepts a text, the yaml package must accept it too and
// produce the very same value.

const SCALARS = [
  "0644", "-012", "+017", "08", "0", "-0", "+0", "00", "0o17", "0x1F", "0X1f", "1e3", "1E-3", ".5", "1.", "1.50", "-.inf", ".Inf", ".NaN",
  ".nan", "~", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRue", "yes", "off", "1_000", "12345678901234567890", "1:2", "a:b",
  "a#b", "a #b", "-c", "-", "--", "-1", "foo bar", "x  y", "x,y", "a]", "a}", "{", "[", "@x", "`x", "%x", "!x", "&a", "*a", "|", ">", "?x",
  ":x", "é", "日本", "{}", "[]", "{a: 1}", "[1, 2]", '"dq"', '"a\\nb"', '"\\x41\\u00e9\\U0001F600"', '"\\q"', "'sq'", "'it''s'", '"open',
  "'", '""', "''", '"a" b', "'a' # c", '"a"#c', "a: b", "a:", "http://x:80/y", '"\\ud800"', '"a\\"b"', '"\\/"', '"\\ "', '"\\_"', '"\\N"',
  '"\\0\\a\\b\\e\\f\\v"', '"\\L\\P"', '"\\U00110000"', '"\\x4"', "value # comment", "v\u00a0w", "v\u0085w", "v\u2028w",
  // near spellings of null/true/false (the resolver decides by length before its regular expressions)
  "nul", "nulls", "n", "Nul", "NULLS", "tru", "truee", "t", "TRUEE", "fals", "falsee", "f", "FALS", "FALSEE", "namespace", "type", "false_",
];
const KEYS = [
  "a", "b", "name", "app.kubernetes.io/name", "0644", "1", "1.0", "true", "null", "~", '"quoted key"', "'sq key'", '"a: b"', "-k", "k-",
  "x y", "__proto__", '"__proto__"', "<<", "? x", "a b ", "1e3", ".inf", "[a]", "{a}", "a#b", "a #b", "-", '"k"x', "k\u00e9",
];

type Doc = { kind: "scalar"; text: string } | { kind: "map"; step: number; entries: { key: string; value: Doc; compact: boolean; comment: boolean }[] } | { kind: "list"; step: number; items: { value: Doc; dashAlone: boolean }[] };

const docArbitrary = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((text): Doc => ({ kind: "scalar", text })),
    fc.record({
      kind: fc.constant("map" as const),
      step: fc.integer({ min: 1, max: 4 }),
      entries: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: tie("doc"), compact: fc.boolean(), comment: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant("list" as const),
      step: fc.integer({ min: 1, max: 4 }),
      items: fc.array(fc.record({ value: tie("doc"), dashAlone: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    }),
  ) as fc.Arbitrary<Doc>,
}));

/** Renders a document as block YAML at `indent`, one string per line. */
function renderDoc(doc: Doc, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (doc.kind === "scalar") return [pad + doc.text];
  if (doc.kind === "map") {
    return doc.entries.flatMap(({ key, value, compact, comment }) => {
      const suffix = comment ? " # note" : "";
      if (value.kind === "scalar") return [`${pad}${key}: ${value.text}${suffix}`];
      const nested = value.kind === "list" && compact ? indent : indent + doc.step;
      return [`${pad}${key}:${suffix}`, ...renderDoc(value, nested)];
    });
  }
  return doc.items.flatMap(({ value, dashAlone }) => {
    if (dashAlone) return [`${pad}-`, ...renderDoc(value, indent + doc.step)];
    const inner = renderDoc(value, indent + 1 + doc.step);
    return [`${pad}-${" ".repeat(doc.step)}${inner[0].trimStart()}`, ...inner.slice(1)];
  });
}

const documentText = fc.tuple(docArbitrary.doc, fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([doc, indent, blankLines]) => {
  const lines = renderDoc(doc, indent);
  return (blankLines ? lines.flatMap((l, i) => (i % 3 === 1 ? ["", "  # c", l] : [l])) : lines).join("\n") + "\n";
});

const MUTATION_CHARACTERS = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "\n#", "\n\n# c\n", "#:", "\n  #", '"', "'", "\\", "\n", "0", "7", "8", "x", "e", ".", "~", "{", "}", "[", "]", "|", ">", "&", "*", "!", "?", ",", "\t", "\r", "%", "---"];

const mutatedText = fc
  .tuple(documentText, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...MUTATION_CHARACTERS)), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => {
    let out = text;
    for (const [at, kind, insert] of edits) {
      const i = at % (out.length + 1);
      if (kind === 0) out = out.slice(0, i) + insert + out.slice(i);
      else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1);
      else out = out.slice(0, i) + insert + out.slice(i + 1);
    }
    return out;
  });

/** Checks both configurations; true when the template configuration took the fast path. */
function expectSameWhenHandled(text: string): boolean {
  const score = compareParsers(text, "score");
  if (score.handled) expect({ text, score: score.general }).toEqual({ text, score: score.fast });
  const result = compareParsers(text, "rendered");
  if (!result.handled) return false;
  expect({ text, value: result.general }).toEqual({ text, value: result.fast });
  return true;
}

/** The null/true/false spellings, as they are or with one character added, dropped or replaced. */
const nullBoolLike = fc
  .tuple(
    fc.constantFrom("null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRue", "false", "False", "FALSE", "fAlse"),
    fc.nat({ max: 3 }),
    fc.nat(),
    fc.constantFrom(..."ulrseaULRSEA_x1"),
  )
  .map(([word, edit, at, ch]) => {
    const i = at % (word.length + 1);
    if (edit === 0) return word;
    if (edit === 1) return word.slice(0, i) + ch + word.slice(i);
    // never drop or replace the first character: the word must keep starting like the spelling
    const j = Math.max(1, i % word.length);
    return edit === 2 ? word.slice(0, j) + word.slice(j + 1) : word.slice(0, j) + ch + word.slice(j + 1);
  });

describe("plain scalars that start like null, true or false", () => {
  it("read as the yaml package reads them (as values and keys, both configurations)", () => {
    fc.assert(
      fc.property(nullBoolLike, (word) => {
        for (const text of [`k: ${word}\n`, `${word}: v\n`, `- ${word}\n`]) {
          for (const mode of ["score", "rendered"] as const) {
            const result = compareParsers(text, mode);
            if (!result.handled) throw new Error(`the fast path declined ${JSON.stringify(text)}`);
            expect({ text, value: result.fast }).toEqual({ text, value: result.general });
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseBlockYaml agrees with the yaml package", () => {
  it("on generated block documents", () => {
    let handled = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        if (expectSameWhenHandled(text)) handled++;
      }),
      { numRuns: Number(process.env.BLOCK_YAML_RUNS ?? 3000) },
    );
    // the generator mixes in unsupported scalars, but a good share must take the fast path
    expect(handled).toBeGreaterThan(300);
  });

  it("on mutated documents (near-YAML and invalid YAML)", () => {
    let handled = 0;
    fc.assert(
      fc.property(mutatedText, (text) => {
        if (expectSameWhenHandled(text)) handled++;
      }),
      { numRuns: Number(process.env.BLOCK_YAML_RUNS ?? 3000) },
    );
    expect(handled).toBeGreaterThan(100);
  });

  it("on documents built only from supported pieces, which it always handles", () => {
    const safeScalars = SCALARS.filter((s) => fast(`k: ${s}\n`) !== undefined);
    expect(safeScalars.length).toBeGreaterThan(40);
    const safeDoc: fc.Arbitrary<string> = documentText.filter((text) => {
      // keep documents without comment lines whose every scalar and key is supported in isolation
      return !text.includes("\n  # c\n") && text.split("\n").every((line) => {
        const content = line.trim().replace(/^(- ?)+/, "");
        return content === "" || content.startsWith("#") || fast(`${content.endsWith(":") || content.includes(": ") ? content : `k: ${content}`}\n`) !== undefined;
      });
    });
    fc.assert(
      fc.property(safeDoc, (text) => {
        const result = compareParsers(text);
        // a generated document may still be invalid as a whole (e.g. a lone scalar beside a map)
        if (result.handled) expect({ text, value: result.general }).toEqual({ text, value: result.fast });
        else expect(() => parseRenderedYaml(text, "t")).toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
