/**
 * Go's behaviours that real templates rely on (templates.md §7, each checked against Go
 * 1.19 + Sprig 3.2.3), as unit tests that run without Go.
 */
import { describe, expect, it } from "vitest";
import { GoTemplateError, fromGoJson, fromGoYaml, goFunc, parseTemplate, renderTemplate, seededRandom, toGoValue, type GoValue } from "@/lib/engine/gotemplate";

const json = (text: string): GoValue => fromGoJson(text);
const yaml = (text: string): GoValue => fromGoYaml(text);
const render = (tpl: string, data: GoValue = null, name = "t"): string => renderTemplate(name, tpl, data, { random: seededRandom(1) });
const error = (tpl: string, data: GoValue = null, name = "t"): string => {
  try {
    render(tpl, data, name);
  } catch (err) {
    expect(err).toBeInstanceOf(GoTemplateError);
    return (err as Error).message;
  }
  throw new Error("expected an error");
};

describe("missing values and nil", () => {
  it("prints <no value> for missing keys, down a chain and for JSON null", () => {
    expect(render("{{ .a }}|{{ .missing.x }}|{{ .n }}", json('{"a":"x","n":null}'))).toBe("x|<no value>|<no value>");
  });
  // Go positions a chained field at its second element (.name): the column below is what Go prints.
  it("errors when a chain walks through a present null, with Go's position and context", () => {
    expect(error("a: 1\nname: {{ .cookie.name }}", json('{"cookie":null}'), "init")).toBe(
      'template: init:2:16: executing "init" at <.cookie.name>: nil pointer evaluating interface {}.name',
    );
  });
  it("quote, squote and cat drop nil; quote uses %q escaping", () => {
    expect(render('{{ quote .missing }}|{{ quote "a\\x01é" }}|{{ squote nil "x" }}|{{ cat "a" nil 1 }}')).toBe('|"a\\x01é"|\'x\'|a 1');
  });
  it("index: missing map key is <no value>, out of range is an error", () => {
    expect(render('{{ index .m "zz" }}', json('{"m":{"a":1}}'))).toBe("<no value>");
    expect(error("{{ index .l 5 }}", json('{"l":[1]}'))).toContain("error calling index: index out of range: 5");
  });
  it("dig returns the default on a missing key and fails on a non-map; get gives empty string", () => {
    expect(render('{{ dig "a" "b" "def" .m }}|{{ get .m "zz" }}', json('{"m":{"a":{}}}'))).toBe("def|");
    expect(error('{{ dig "a" "d" .s }}', json('{"s":"str"}'))).toContain("interface conversion: interface {} is string, not map[string]interface {}");
  });
});

describe("truth, comparison, numbers", () => {
  it("empty values are false; and/or return an operand", () => {
    expect(render('{{ if or 0 "" .l .m }}t{{ else }}f{{ end }}|{{ or 0 "x" }}|{{ and 1 "" 2 }}|{{ not .l }}', json('{"l":[],"m":{}}'))).toBe("f|x||true");
  });
  it("eq across kinds is an error; int vs float64 too", () => {
    expect(error('{{ eq .p "5432" }}', yaml("p: 5432"))).toContain("incompatible types for comparison");
    expect(error("{{ eq .p 5432 }}", json('{"p":5432}'))).toContain("error calling eq: incompatible types for comparison");
    expect(render("{{ eq .p 5432 }}", yaml("p: 5432"))).toBe("true");
  });
  it("JSON numbers are float64, YAML whole numbers are ints", () => {
    expect(render('{{ .p }} {{ printf "%d" .q }}', json('{"p":1000000,"q":80}'))).toBe("1e+06 %!d(float64=80)");
    expect(render('{{ .p }} {{ printf "%d" .q }}', yaml("p: 1000000\nq: 80"))).toBe("1000000 80");
  });
  it("min/add truncate floats; atoi gives 0 on bad input; len, substr and trunc count bytes", () => {
    expect(render('{{ min 2.5 7 }}|{{ add 1 2.9 }}|{{ atoi "x" }}|{{ len "héllo" }}|{{ substr 0 2 "abcdef" }}|{{ substr 2 99 "abc" }}|{{ trunc -2 "abcd" }}')).toBe(
      "2|3|0|6|ab|c|cd",
    );
  });
  it("typed parameters reject other types with Go's message", () => {
    expect(error("{{ .p | lower }}", yaml("p: 80"))).toBe('template: t:1:8: executing "t" at <lower>: wrong type for value; expected string; got int');
    expect(error("{{ substr 0 (add 1 2) .s }}", yaml("s: abc"))).toContain("wrong type for value; expected int; got int64");
  });
});

describe("printing and encoding", () => {
  it("prints maps sorted, lists with spaces, nil inside as <nil>; print spaces non-strings", () => {
    expect(render("{{ .m }} {{ .l }}|{{ print 1 2 \"a\" 3 }}", json('{"m":{"b":2,"a":"x"},"l":["a",1,true,null]}'))).toBe("map[a:x b:2] [a 1 true <nil>]|1 2a3");
  });
  it("toJson escapes HTML, toRawJson does not; both sort keys and print 1e6 as 1000000", () => {
    expect(render('{{ toJson .m }}|{{ toRawJson .m }}', json('{"m":{"z":"<a&b>","a":1000000}}'))).toBe(
      '{"a":1000000,"z":"\\u003ca\\u0026b\\u003e"}|{"a":1000000,"z":"<a&b>"}',
    );
  });
  it("range over a map is in key order; b64enc encodes UTF-8; indent pads the first line", () => {
    expect(render('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}|{{ b64enc "é" }}|{{ indent 2 "a\\nb" }}', json('{"m":{"b":1,"a":2}}'))).toBe(
      "a=2;b=1;|w6k=|  a\n  b",
    );
  });
  it("urlJoin builds a URL; merge keeps the destination's values and merges deeply", () => {
    expect(render('{{ urlJoin (dict "scheme" "https" "host" "h:8443" "path" "/a b" "query" "x=1") }}')).toBe("https://h:8443/a%20b?x=1");
    expect(render('{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2)) | toJson }}')).toBe('{"a":1,"b":3,"n":{"x":1,"y":2}}');
  });
});

describe("control flow and whitespace", () => {
  it("trim markers eat all whitespace including newlines; comments may trim", () => {
    expect(render("a  \n {{- 1 -}} \n b {{- /* c */ -}}\n c")).toBe("a1bc");
  });
  it("assignment inside if changes the outer variable; declarations are block-scoped", () => {
    expect(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}")).toBe("2");
    expect(error("{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}")).toBe('template: t:1: undefined variable "$y"');
  });
  it("with/else and range/else run else on empty values with dot unchanged", () => {
    expect(render("{{ with .e }}x{{ else }}{{ .n }}{{ end }}|{{ range .l }}x{{ else }}empty{{ end }}", json('{"e":"","n":"dot","l":[]}'))).toBe("dot|empty");
  });
  it("break, continue, define, template and block work", () => {
    expect(render('{{ define "x" }}[{{ . }}]{{ end }}{{ range .l }}{{ if eq . 3 }}{{ break }}{{ end }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ template "x" . }}{{ end }}', yaml("l: [0, 1, 2, 3, 4]"))).toBe("[0][2]");
    expect(render('{{ block "b" . }}<{{ .a }}>{{ end }}', yaml("a: 1"))).toBe("<1>");
  });
  it("fail aborts with its message", () => {
    expect(error('{{ fail "no host" }}', null, "init")).toBe('template: init:1:3: executing "init" at <fail "no host">: error calling fail: no host');
  });
  it("random functions draw from the injected source", () => {
    const t = parseTemplate("t", "{{ randAlphaNum 8 }} {{ randNumeric 4 }}");
    expect(t.execute(null, { random: seededRandom(42) })).toBe(t.execute(null, { random: seededRandom(42) }));
    expect(t.execute(null)).toMatch(/^[A-Za-z0-9]{8} [0-9]{4}$/);
  });
});

describe("parse errors read like Go's", () => {
  it.each([
    ["{{ .a }", 'template: t:1: unexpected "}" in operand'],
    ["{{/* c *//}}", "template: t:1: comment ends before closing delimiter"],
    ["{{ if .a }}x", "template: t:1: unexpected EOF"],
    ["x\n{{ nope 1 }}", 'template: t:2: function "nope" not defined'],
    ["{{ end }}", "template: t:1: unexpected {{end}}"],
    ["{{ range $a, $b, $c := .x }}{{ end }}", "template: t:1: too many declarations in range"],
  ])("%j", (tpl, message) => {
    expect(() => parseTemplate("t", tpl)).toThrow(message);
  });
});

describe("API", () => {
  it("takes caller functions (score-k8s encodeSecretRef) and typed arguments", () => {
    const funcs = { encodeSecretRef: goFunc(["string", "string"], ([s, k]) => `🔐💬${s as string}_${k as string}💬🔐`) };
    expect(renderTemplate("t", '{{ encodeSecretRef "db" "password" }}', null, { funcs })).toBe("🔐💬db_password💬🔐");
    expect(() => parseTemplate("t", "{{ encodeSecretRef 1 2 }}").execute(null)).toThrow('function "encodeSecretRef" not defined');
  });
  it("toGoValue turns whole JS numbers into ints (or float64 on request)", () => {
    expect(render("{{ .p }}", toGoValue({ p: 1000000 }))).toBe("1000000");
    expect(render("{{ .p }}", toGoValue({ p: 1000000 }, { integers: "float64" }))).toBe("1e+06");
  });
  it("errors carry template name, line and Go's column", () => {
    try {
      render("a\n  {{ .x.y }}", json('{"x":null}'), "manifests");
    } catch (err) {
      const e = err as GoTemplateError;
      expect([e.templateName, e.kind, e.line, e.column]).toEqual(["manifests", "exec", 2, 7]);
    }
  });
});
