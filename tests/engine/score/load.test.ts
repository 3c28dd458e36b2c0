import { describe, expect, it } from "vitest";
import { containersWithoutImage, formatScoreError, loadScore, validateScoreSchema } from "@/lib/engine/score";

const VALID = `apiVersion: score.dev/v1b1
metadata:
  name: shop
  annotations:
    example.com/team: blue
containers:
  main:
    image: .
    variables:
      DB_HOST: \${resources.db.host}
      TEAM: \${metadata.annotations.example\\.com/team}
    volumes:
      /data:
        source: \${resources.data}
service:
  ports:
    web:
      port: 80
      targetPort: 8080
resources:
  db:
    type: postgres
  data:
    type: volume
`;

describe("loadScore: decoding", () => {
  it("accepts a valid file and returns the typed workload", () => {
    const result = loadScore(VALID);
    expect(result.errors).toEqual([]);
    expect(result.workload?.metadata.name).toBe("shop");
    expect(result.workload?.service?.ports?.web).toEqual({ port: 80, targetPort: 8080 });
    expect(containersWithoutImage(result.workload!)).toEqual(["main"]);
  });

  it("replaces `image: .` when an image is given, and only then", () => {
    const result = loadScore(VALID.replace("  sidecar", ""), { image: "registry.local/shop:42" });
    expect(result.workload?.containers.main.image).toBe("registry.local/shop:42");
    const twoContainers = VALID.replace("containers:\n", "containers:\n  side:\n    image: busybox\n");
    const both = loadScore(twoContainers, { image: "x:1" });
    expect(both.workload?.containers.side.image).toBe("busybox");
    expect(both.workload?.containers.main.image).toBe("x:1");
  });

  it.each([
    ["a syntax error", "apiVersion: [unclosed\n", /Flow sequence|flow collection|Missing|Unexpected/i, 2],
    ["a duplicate key", "apiVersion: score.dev/v1b1\nmetadata:\n  name: a1\nmetadata:\n  name: b2\n", /unique/i, 4],
    ["two documents", "apiVersion: score.dev/v1b1\n---\napiVersion: score.dev/v1b1\n", /2 YAML documents/, 2],
    ["a list root", "- a\n- b\n", /must be a mapping .* found a list/, 1],
    ["a scalar root", "hello\n", /must be a mapping .* found the string "hello"/, 1],
    ["an empty file", "# nothing\n", /the file is empty/, 1],
    ["a map used as a key", "apiVersion: score.dev/v1b1\n? {a: b}\n: x\n", /key must be a plain value/, 2],
  ])("rejects %s at yaml-decode with a position", (_label, text, message, line) => {
    const result = loadScore(text);
    expect(result.workload).toBeUndefined();
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0].stage).toBe("yaml-decode");
    expect(result.errors[0].message).toMatch(message);
    expect(result.errors[0].line).toBe(line);
  });

  it("ignores a trailing empty document", () => {
    expect(loadScore(VALID + "---\n").errors).toEqual([]);
  });

  it("keeps YAML 1.1 words as strings, as Go's yaml.v3 does", () => {
    const result = loadScore(VALID.replace("TEAM: ${metadata.annotations.example\\.com/team}", "TEAM: yes\n      OFF: off"));
    expect(result.errors).toEqual([]);
    expect(result.workload?.containers.main.variables).toMatchObject({ TEAM: "yes", OFF: "off" });
  });

  it("supports anchors and merge keys", () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: shop}
containers:
  one: &base
    image: busybox
    variables: {A: "1"}
  two:
    <<: *base
    args: ["x"]
`;
    const result = loadScore(text);
    expect(result.errors).toEqual([]);
    expect(result.workload?.containers.two).toEqual({ image: "busybox", variables: { A: "1" }, args: ["x"] });
  });

  it("refuses alias bombs instead of hanging", () => {
    const bomb = ["apiVersion: score.dev/v1b1", "a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${Array(9).fill(`*${"abcdefghij"[i]}`).join(", ")}]`);
    const result = loadScore(bomb.join("\n"));
    expect(result.errors[0].stage).toBe("yaml-decode");
  });
});

describe("loadScore: error messages and positions", () => {
  it("formats errors as FILE: field: message (line, col)", () => {
    const text = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  main:\n    image: nginx\n    variables:\n      PORT: 3000\n";
    const [error] = loadScore(text).errors;
    expect(formatScoreError(error, "score.yaml")).toBe("score.yaml: containers.main.variables.PORT: must be a string (line 8, col 13)");
    expect(error).toMatchObject({ stage: "schema", path: "/containers/main/variables/PORT" });
  });

  it("collapses oneOf / anyOf noise into one message", () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: shop}
containers:
  main:
    image: nginx
    files:
      /etc/none:
        mode: "0644"
      /etc/two:
        content: a
        source: b.txt
    livenessProbe: {}
`;
    const errors = loadScore(text).errors.map((e) => `${e.field}: ${e.message}${e.hint ? ` [${e.hint}]` : ""} @${e.line}:${e.column}`);
    expect(errors).toEqual([
      'containers.main.files["/etc/none"]: must set exactly one of "content", "binaryContent" or "source" @7:7',
      'containers.main.files["/etc/two"]: must set only one of "content", "binaryContent" or "source" [found "content" and "source"] @9:7',
      'containers.main.livenessProbe: must set at least one of "httpGet" or "exec" @12:5',
    ]);
  });

  it("names unknown fields and suggests the right one", () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: shop}
containers:
  main:
    image: nginx
    env: {A: b}
    volumes:
      /data: {source: x, read_only: true}
`;
    const errors = loadScore(text).errors;
    expect(errors.map((e) => [e.field, e.message, e.hint, e.line, e.column])).toEqual([
      ["containers.main.env", 'unknown field "env"', expect.stringContaining("allowed fields: image, command, args, variables"), 6, 5],
      ['containers.main.volumes["/data"].read_only', 'unknown field "read_only"', 'did you mean "readOnly"?', 8, 26],
    ]);
  });

  it("explains bad names, quantities, enums and ranges", () => {
    const text = `apiVersion: score.sh/v1b1
metadata: {name: Shop}
service:
  ports:
    w: {port: 70000, protocol: tcp}
containers:
  main:
    image: nginx
    resources:
      limits: {memory: 500m, cpu: ".5"}
resources:
  db: {type: postgres, id: Shared}
`;
    const errors = loadScore(text).errors.filter((e) => e.stage === "schema");
    const byField = Object.fromEntries(errors.map((e) => [e.field, `${e.message}${e.hint ? ` | ${e.hint}` : ""}`]));
    expect(byField).toEqual({
      apiVersion: 'must be "score.dev/v1b1" | "score.sh/v1b1" is the legacy version; did you mean "score.dev/v1b1"?',
      "metadata.name": `must be 2 to 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit | found "Shop"`,
      "service.ports.w": `invalid service port name "w": must be 2 to 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit`,
      "service.ports.w.port": "must be between 1 and 65535 | found the number 70000",
      "service.ports.w.protocol": 'must be one of "TCP" or "UDP" | did you mean "TCP"? (values are case-sensitive)',
      "containers.main.resources.limits.memory": 'must be a memory quantity such as "128Mi", "1.5Gi" or "512M" | found "500m"',
      "containers.main.resources.limits.cpu": 'must be a CPU quantity such as "2", "0.5" or "250m" | found ".5"',
      "resources.db.id": `must be dot-separated labels of lowercase letters, digits and '-' (for example "shared.main-db") | found "Shared"`,
    });
  });

  it("runs score-go's extra checks only on schema-valid files, with positions", () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: shop}
containers:
  main:
    image: nginx
    command: ["\${not.checked}"]
    variables:
      A: \${resources.nope.host}
      B: \${metadata}
      C: $\${escaped.is.fine}
`;
    const errors = loadScore(text).errors;
    expect(errors.map((e) => [e.stage, e.field, e.message, e.line])).toEqual([
      ["extra-validation", "containers.main.variables.A", 'placeholder ${resources.nope.host} does not resolve to a resource, no resource with name "nope"', 8],
      [
        "extra-validation",
        "containers.main.variables.B",
        'placeholder ${metadata} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
        9,
      ],
    ]);
  });

  it("reports the CLI pre-check as well as the schema error for missing metadata", () => {
    const errors = loadScore("apiVersion: score.dev/v1b1\ncontainers:\n  main:\n    image: nginx\n").errors;
    expect(errors.map((e) => [e.stage, e.message])).toEqual([
      ["pre-check", "workload is missing required metadata"],
      ["schema", 'missing required field "metadata"'],
    ]);
    const noName = loadScore("apiVersion: score.dev/v1b1\nmetadata:\n  no-name: x\ncontainers:\n  main:\n    image: nginx\n").errors;
    expect(noName.find((e) => e.stage === "schema")?.hint).toBe('found "no-name": did you mean "name"?');
  });

  it("never returns raw ajv wording", () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: shop}
containers:
  main:
    image: ""
    files: {/a: {content: x, binaryContent: eA==, target: /a}}
    before: {x: {ready: soon}}
`;
    for (const e of loadScore(text).errors) {
      expect(e.message).not.toMatch(/must match|must NOT have|must have required property|instancePath/);
    }
  });
});

describe("validateScoreSchema variants", () => {
  it("the official schema still accepts the deprecated array forms; the upgraded one does not", () => {
    const doc = { apiVersion: "score.dev/v1b1", metadata: { name: "ab" }, containers: { c1: { image: "x", files: [{ target: "/a", content: "x" }] } } };
    expect(validateScoreSchema(doc, "official")).toEqual([]);
    expect(validateScoreSchema(doc).map((p) => p.message)).toEqual(["must be a map of keys to values"]);
  });
});
