import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, sha256Hex } from "@/lib/engine/delta/canonical";
import { substituteDeep } from "@/lib/engine/placeholders/substitute";

/** Canonical JSON as first written (sorted keys through JSON.stringify), to compare against. */
function reference(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return typeof value === "number" && !Number.isFinite(value) ? "null" : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(object[k])}`).join(",")}}`;
}

describe("canonical JSON: remembered quoting of long strings", () => {
  it("gives the reference text for any JSON value, long strings and repeats included", () => {
    const longString = fc.string({ unit: "binary", minLength: 250, maxLength: 600 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.string(), longString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // twice: the second pass reads remembered strings
        expect(canonicalJson(v)).toBe(reference(v));
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 300 },
    );
  });

  it("contentHash streams the same bytes as hashing canonicalJson (long strings fed as remembered UTF-8)", () => {
    const longString = fc.string({ unit: "binary", minLength: 250, maxLength: 600 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "binary" }),
        longString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie("node")),
        fc.dictionary(fc.string(), tie("node")),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // twice: the second pass reads remembered bytes
        expect(contentHash(v)).toBe(sha256Hex(canonicalJson(v)));
        expect(contentHash(v)).toBe(sha256Hex(canonicalJson(v)));
      }),
      { numRuns: 500 },
    );
    const fn = () => 1;
    expect(contentHash({ a: fn, b: [fn, "x".repeat(300)] })).toBe(sha256Hex(canonicalJson({ a: fn, b: [fn, "x".repeat(300)] })));
  });

  it("stays correct past its size bound", () => {
    for (let i = 0; i < 1200; i++) {
      const text = `${i}:` + "x\"\n".repeat(100);
      expect(canonicalJson({ t: text })).toBe(`{"t":${JSON.stringify(text)}}`);
      expect(contentHash({ t: text })).toBe(sha256Hex(`{"t":${JSON.stringify(text)}}`));
    }
  });

  it("hashes exactly as before (stored input hashes and set ids must not change)", () => {
    const long = 'line "quoted" \\ back\n'.repeat(40) + "\u2028 tab\t end";
    // value computed by the implementation before the cache existed
    expect(contentHash({ b: [long, 1, null, undefined, { z: long, a: "short" }], a: long.slice(3), c: undefined, d: "x".repeat(300) })).toBe(
      "9383f1b36290f8283f27b127ef900a3728e1f8ce401863ed758d9aa8147e3b9b",
    );
  });
});

describe("substituteDeep: strings without placeholders", () => {
  it("come back unchanged, and `$${` escapes are still unescaped", () => {
    const resolve = () => ({ value: "X", secret: false });
    const input = { plain: "a {{ .b }} c", empty: "", dollar: "$HOME and $$", escaped: "$${literal}", ref: "${values.k}" };
    const result = substituteDeep(input, resolve);
    expect(result.value).toEqual({ plain: "a {{ .b }} c", empty: "", dollar: "$HOME and $$", escaped: "${literal}", ref: "X" });
    expect(result.issues).toEqual([]);
    expect(result.secret).toBe(false);
  });
});
