import { describe, expect, it } from "vitest";
import {
  applyOverridesFile,
  applyPropertyOverride,
  applyUpgradeTransforms,
  loadScore,
  overrideMapInMap,
  overridePathInMap,
  OverrideError,
  parseDotPath,
  type JsonObject,
} from "@/lib/engine/score";

describe("legacy upgrade (score-go ApplyCommonUpgradeTransforms)", () => {
  it("turns array files and volumes into maps keyed by target, joins content lines, renames read_only", () => {
    const raw: JsonObject = {
      containers: {
        web: {
          image: "nginx",
          files: [
            { target: "/etc/a", mode: "644", content: ["line1", 2, true] },
            "not a map, dropped",
            { target: "/etc/b", source: "b.txt" },
          ],
          volumes: [{ source: "${resources.data}", target: "/data", read_only: true, path: "sub" }],
        },
      },
    };
    const result = applyUpgradeTransforms(raw);
    expect(result.error).toBeUndefined();
    expect(raw.containers).toEqual({
      web: {
        image: "nginx",
        files: { "/etc/a": { mode: "644", content: "line1\n2\ntrue" }, "/etc/b": { source: "b.txt" } },
        volumes: { "/data": { source: "${resources.data}", readOnly: true, path: "sub" } },
      },
    });
    expect(result.changes.map((c) => c.description)).toEqual([
      "containers.web.files.0.content: converted from array",
      "containers.web.files: migrated to object",
      "containers.web.volumes.0.read_only: migrated to readOnly",
      "containers.web.volumes: migrated to object",
    ]);
    // Paths in the upgraded document map back to the legacy source.
    expect(result.aliases.toSource("/containers/web/files/~1etc~1b/source")).toBe("/containers/web/files/2/source");
    expect(result.aliases.toSource("/containers/web/volumes/~1data/readOnly")).toBe("/containers/web/volumes/0/read_only");
    expect(result.aliases.toSource("/containers/web/image")).toBe("/containers/web/image");
  });

  it("leaves map forms alone, including content arrays and read_only there", () => {
    const raw: JsonObject = {
      containers: { web: { image: "x", files: { "/a": { content: ["a"] } }, volumes: { "/v": { source: "s", read_only: true } } } },
    };
    const before = structuredClone(raw);
    expect(applyUpgradeTransforms(raw).changes).toEqual([]);
    expect(raw).toEqual(before);
  });

  it("keeps a non-boolean read_only as it is (schema validation then rejects it)", () => {
    const raw: JsonObject = { containers: { web: { image: "x", volumes: [{ source: "s", target: "/v", read_only: "yes" }] } } };
    applyUpgradeTransforms(raw);
    expect(raw.containers).toEqual({ web: { image: "x", volumes: { "/v": { source: "s", read_only: "yes" } } } });
  });

  it("fails like score-go when a legacy item has no string target", () => {
    const raw: JsonObject = { containers: { web: { image: "x", files: [{ content: "a" }] } } };
    expect(applyUpgradeTransforms(raw).error).toEqual({ path: "/containers/web/files/0/target", message: "is missing or is not a string" });
    const viaLoader = loadScore("apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers:\n  web:\n    image: x\n    volumes:\n      - source: s\n");
    expect(viaLoader.errors).toMatchObject([
      { stage: "upgrade", field: "containers.web.volumes.0.target", message: "is missing or is not a string", line: 7, column: 9 },
    ]);
  });

  it("validates the upgraded file, warns about the deprecated form, and locates errors in the legacy source", () => {
    const text = [
      "apiVersion: score.dev/v1b1",
      "metadata:",
      "  name: web",
      "containers:",
      "  web:",
      "    image: nginx",
      "    files:",
      "      - target: /etc/app.conf",
      "        mode: 644",
      "        content: hello",
      "    volumes:",
      "      - source: ${resources.data}",
      "        target: /data",
      "        read_only: true",
      "resources:",
      "  data:",
      "    type: volume",
    ].join("\n");
    const result = loadScore(text);
    expect(result.errors).toEqual([
      {
        stage: "schema",
        path: "/containers/web/files/~1etc~1app.conf/mode",
        field: 'containers.web.files["/etc/app.conf"].mode',
        line: 9,
        column: 15,
        message: "must be a string",
        hint: 'YAML reads this unquoted value as a number; wrap it in quotes: "644"',
      },
    ]);
    expect(result.warnings.map((w) => [w.stage, w.line])).toEqual([
      ["upgrade", 7],
      ["upgrade", 14],
      ["upgrade", 11],
    ]);
    const fixed = loadScore(text.replace("mode: 644", 'mode: "644"'));
    expect(fixed.errors).toEqual([]);
    expect(fixed.workload?.containers.web.volumes).toEqual({ "/data": { source: "${resources.data}", readOnly: true } });
  });
});

describe("override paths (score-go ParseDotPathParts)", () => {
  it.each([
    ["", [""]],
    ["a", ["a"]],
    ["a.b", ["a", "b"]],
    ["a.-1", ["a", "-1"]],
    ["a.b\\.c", ["a", "b.c"]],
    ["a.b\\\\.c", ["a", "b\\", "c"]],
    ["metadata.annotations.example\\.com/team", ["metadata", "annotations", "example.com/team"]],
  ])("%j → %j", (input, expected) => {
    expect(parseDotPath(input)).toEqual(expected);
  });
});

describe("overriding a path (score-go OverridePathInMap)", () => {
  const spec = { a: { b: [{ c: "hello" }, "x"] }, s: "str" } as JsonObject;

  it("sets, creates intermediate maps, and indexes arrays", () => {
    expect(overridePathInMap(spec, ["a", "b", "0", "c"], false, "bye")).toEqual({ a: { b: [{ c: "bye" }, "x"] }, s: "str" });
    expect(overridePathInMap(spec, ["n", "m"], false, 1)).toEqual({ ...spec, n: { m: 1 } });
    expect(overridePathInMap(spec, ["a", "b", "-1"], false, "y")).toEqual({ a: { b: [{ c: "hello" }, "x", "y"] }, s: "str" });
    expect(overridePathInMap(spec, ["a", "b", "1"], false, "z")).toEqual({ a: { b: [{ c: "hello" }, "z"] }, s: "str" });
  });

  it("deletes map keys and array items", () => {
    expect(overridePathInMap(spec, ["a", "b", "0", "c"], true, null)).toEqual({ a: { b: [{}, "x"] }, s: "str" });
    expect(overridePathInMap(spec, ["a", "b", "0"], true, null)).toEqual({ a: { b: ["x"] }, s: "str" });
    expect(overridePathInMap(spec, ["s"], false, null)).toEqual({ a: spec.a });
  });

  it("never mutates its input", () => {
    const before = structuredClone(spec);
    overridePathInMap(spec, ["a", "b", "0", "c"], false, "changed");
    overridePathInMap(spec, ["a", "b", "0"], true, null);
    expect(spec).toEqual(before);
  });

  it.each([
    [[], "cannot change root node"],
    [["s", "x"], "s: cannot set path in non-map/non-array"],
    [["a", "b", "nope"], "a: b: failed to parse 'nope' as array index"],
    [["a", "b", "5"], "a: b: cannot set '5' in array: out of range"],
  ])("fails for %j with %s", (path, message) => {
    expect(() => overridePathInMap(spec, path, false, 1)).toThrow(message);
  });
});

describe("property overrides (path=value, as score-compose / score-k8s / humctl)", () => {
  const base: JsonObject = {
    metadata: { name: "web" },
    containers: { main: { image: "nginx", variables: { A: "1", B: "2" }, args: ["x"] } },
  };

  it("parses the value as YAML", () => {
    const out = applyPropertyOverride(base, "containers.main.variables.X=Y");
    expect((out.containers as JsonObject).main).toMatchObject({ variables: { A: "1", B: "2", X: "Y" } });
    const typed = applyPropertyOverride(base, "containers.main.args=[a, b]");
    expect(((typed.containers as JsonObject).main as JsonObject).args).toEqual(["a", "b"]);
    const number = applyPropertyOverride(base, "service.ports.web.port=8080");
    expect(number.service).toEqual({ ports: { web: { port: 8080 } } });
    const withEquals = applyPropertyOverride(base, "containers.main.variables.Q=a=b");
    expect(((withEquals.containers as JsonObject).main as JsonObject).variables).toMatchObject({ Q: "a=b" });
  });

  it("deletes with an empty value (or null)", () => {
    const out = applyPropertyOverride(base, "containers.main.variables.A=");
    expect(((out.containers as JsonObject).main as JsonObject).variables).toEqual({ B: "2" });
    const outNull = applyPropertyOverride(base, "containers.main.variables.B=null");
    expect(((outNull.containers as JsonObject).main as JsonObject).variables).toEqual({ A: "1" });
  });

  it("rejects an entry without '='", () => {
    expect(() => applyPropertyOverride(base, "metadata.name")).toThrow(OverrideError);
    expect(() => applyPropertyOverride(base, "metadata.name")).toThrow("expected a =-separated path and value");
  });

  it("applies through loadScore before validation, so overrides can fix or break a file", () => {
    const text = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\n    variables:\n      PORT: 3000\n";
    expect(loadScore(text).errors.map((e) => e.field)).toEqual(["containers.main.variables.PORT"]);
    const fixed = loadScore(text, { overrides: ['containers.main.variables.PORT="3000"', "containers.main.variables.EXTRA=yes"] });
    expect(fixed.errors).toEqual([]);
    expect(fixed.workload?.containers.main.variables).toEqual({ PORT: "3000", EXTRA: "yes" });
    const removed = loadScore(text, { overrides: ["containers.main.variables.PORT="] });
    expect(removed.workload?.containers.main.variables).toEqual({});
    const broken = loadScore(text.replace("3000", '"3000"'), { overrides: ["containers.main.image="] });
    expect(broken.errors).toMatchObject([{ stage: "schema", field: "containers.main", message: 'missing required field "image"', line: 5, column: 3 }]);
    const bad = loadScore(text, { overrides: ["metadata.name.x.y=1"] });
    expect(bad.errors).toMatchObject([
      { stage: "overrides", message: "override 'metadata.name.x.y=1' could not be applied: metadata: name: cannot set path in non-map/non-array" },
    ]);
  });
});

describe("overrides file (deep merge, values from the file win, null deletes)", () => {
  it("merges maps and replaces other values", () => {
    const spec: JsonObject = { a: { b: 1, c: [1, 2], d: { e: "x" } }, f: "keep" };
    expect(overrideMapInMap(spec, { a: { c: [3], d: { g: true }, b: null }, h: 1 })).toEqual({
      a: { c: [3], d: { e: "x", g: true } },
      f: "keep",
      h: 1,
    });
    expect(spec).toEqual({ a: { b: 1, c: [1, 2], d: { e: "x" } }, f: "keep" });
  });

  it("applies an overrides file through loadScore, before property overrides", () => {
    const text = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\n    variables:\n      A: a\n";
    const overridesFile = "containers:\n  main:\n    variables:\n      B: b\n      A: null\nresources:\n  db:\n    type: postgres\n";
    const result = loadScore(text, { overridesFile, overrides: ["containers.main.variables.C=c"], image: "nginx:1.27" });
    expect(result.errors).toEqual([]);
    expect(result.workload?.containers.main).toEqual({ image: "nginx:1.27", variables: { B: "b", C: "c" } });
    expect(result.workload?.resources).toEqual({ db: { type: "postgres" } });
  });

  it("reports an overrides file that is not a mapping", () => {
    expect(() => applyOverridesFile({}, "- a\n- b\n", "o.yaml")).toThrow("o.yaml is invalid: expected a YAML mapping at the top level");
    expect(applyOverridesFile({ a: 1 }, "", "o.yaml")).toEqual({ a: 1 });
  });
});
