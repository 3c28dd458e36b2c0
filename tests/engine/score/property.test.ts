import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadScore, type LoadScoreResult } from "@/lib/engine/score";

/**
 * 10,000 mutated Score documents: the loader must always return a result (never throw), and
 * every error must say where it is.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const examplesDir = path.resolve(repoRoot, "../shared/compat/score/examples");

/** A seed that exercises every part of the spec, so the test is meaningful without ../shared. */
const BUILT_IN_SEED = `apiVersion: score.dev/v1b1
metadata:
  name: shop
  annotations:
    example.com/team: blue
service:
  ports:
    web: {port: 80, targetPort: 8080, protocol: TCP}
containers:
  main:
    image: .
    command: ["/bin/sh", "-c"]
    args: ["echo $(GREETING)"]
    variables:
      DB: postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}
      TEAM: \${metadata.annotations.example\\.com/team}
    files:
      /etc/app.conf: {mode: "0644", content: "name=\${metadata.name}"}
      /etc/raw.bin: {binaryContent: aGVsbG8=}
    volumes:
      /data: {source: \${resources.data}, path: sub, readOnly: true}
    resources:
      limits: {memory: 128Mi, cpu: 500m}
    livenessProbe:
      httpGet: {path: /alive, port: 8080, scheme: HTTP, httpHeaders: [{name: X-Probe, value: "1"}]}
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
    before:
      sidecar: {ready: started}
  sidecar:
    image: busybox
    files:
      - target: /etc/legacy
        content: [a, b]
resources:
  db: {type: postgres, class: large, metadata: {annotations: {a.b/c: d}}}
  data: {type: volume}
  route: {type: route, params: {host: \${resources.dns.host}, path: /, port: web}}
  dns: {type: dns, id: shared.dns}
`;

const seeds: string[] = [BUILT_IN_SEED];
if (existsSync(examplesDir)) {
  for (const entry of readdirSync(examplesDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) seeds.push(readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
  }
} else {
  console.warn(`[score property] ../shared is absent (${examplesDir}); mutating the built-in seed only`);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a mutation can put anywhere: wrong types, nulls, odd strings, placeholders, nesting. */
const anyValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -100000, max: 100000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 20 }),
    fc.constantFrom("${resources.db.host}", "${metadata}", "${}", "$${x}", "${resources.nope.x}", ".", "score.sh/v1b1", "0644", "a"),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** All paths (lists of keys / indexes) inside a decoded document. */
function allPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

type Mutation =
  | { kind: "replace"; pick: number; value: Json }
  | { kind: "delete"; pick: number }
  | { kind: "add"; pick: number; key: string; value: Json }
  | { kind: "text-insert"; at: number; text: string }
  | { kind: "text-delete"; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    pick: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("target", "read_only", "extra", "a", "ready")),
    value: anyValue,
  }),
  fc.record({
    kind: fc.constant("text-insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(":", "- ", "\n  ", "---\n", "&a ", "*a", "{", "[", "\t", "'", '"', "#")),
  }),
  fc.record({ kind: fc.constant("text-delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
);

function applyStructural(doc: unknown, m: Extract<Mutation, { pick: number }>): unknown {
  const paths = allPaths(doc);
  const target = paths[m.pick % paths.length];
  if (target.length === 0) return m.kind === "replace" ? m.value : doc;
  const parent = target.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key as string], doc) as
    | Record<string, unknown>
    | unknown[];
  const last = target[target.length - 1];
  if (m.kind === "replace") (parent as Record<string | number, unknown>)[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
  } else {
    const node = (parent as Record<string | number, unknown>)[last];
    if (node && typeof node === "object" && !Array.isArray(node)) (node as Record<string, unknown>)[m.key] = m.value;
    else (parent as Record<string | number, unknown>)[last] = { [m.key]: m.value };
  }
  return doc;
}

function mutate(seed: string, mutations: Mutation[]): string {
  let text = seed;
  for (const m of mutations) {
    if (m.kind === "text-insert") {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + m.text + text.slice(at);
    } else if (m.kind === "text-delete") {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + text.slice(at + m.length);
    } else {
      let doc: unknown;
      try {
        doc = parseYaml(text, { logLevel: "silent" });
      } catch {
        continue; // already broken text: keep mutating it as text
      }
      text = stringifyYaml(applyStructural(doc, m));
    }
  }
  return text;
}

const STAGES = new Set(["yaml-decode", "pre-check", "overrides", "upgrade", "schema", "extra-validation", "image"]);

function checkResult(result: LoadScoreResult, text: string): void {
  expect(Array.isArray(result.errors)).toBe(true);
  expect(Array.isArray(result.warnings)).toBe(true);
  expect(result.workload === undefined).toBe(result.errors.length > 0);
  const lines = text.split("\n").length + 1;
  for (const e of [...result.errors, ...result.warnings]) {
    expect(STAGES.has(e.stage)).toBe(true);
    expect(typeof e.path).toBe("string");
    expect(e.path === "" || e.path.startsWith("/")).toBe(true);
    expect(typeof e.field).toBe("string");
    expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines).toBe(true);
    expect(Number.isInteger(e.column) && e.column >= 1).toBe(true);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/must match exactly one schema|must NOT have additional properties/);
  }
}

describe("Score loader under 10,000 mutated documents", () => {
  it("always returns a result whose every error has a path and a position", () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (seedIndex, mutations, withOptions) => {
        const text = mutate(seeds[seedIndex], mutations);
        const result = withOptions
          ? loadScore(text, { image: "x:1", overrides: ["containers.main.variables.X=1", "metadata.extra="] })
          : loadScore(text);
        checkResult(result, text);
        if (result.errors.length > 0) invalid++;
      }),
      { numRuns: 10_000, seed: 20260501 },
    );
    // The mutations must actually produce invalid documents, or this test proves nothing.
    expect(invalid).toBeGreaterThan(3_000);
    // 10,000 cases take ~25 s alone; allow for a loaded 2-core machine (this is no speed test).
  }, 300_000);
});
