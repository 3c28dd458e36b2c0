import { describe, expect, it } from "vitest";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import {
  exportHumctlYaml,
  formatHumctlIssue,
  importHumctlFiles,
  importHumctlYaml,
  type TemplateChecker,
} from "@/lib/engine/definitions";

const twoDocs = `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: ns-echo
entity:
  name: Namespace
  type: k8s-namespace
  driver_type: humanitec/echo
  driver_inputs:
    values:
      namespace: \${context.app.id}-\${context.env.id}
  criteria:
    - {}
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: pg-staging
entity:
  name: Postgres (staging)
  type: postgres
  driver_type: humanitec/echo
  driver_inputs:
    values:
      host: db.example.com
      port: 5432
      name: shop
    secrets:
      username: admin
      password: s3cret
  criteria:
    - env_type: staging
    - app_id: shop
      class: large
`;

describe("importHumctlYaml", () => {
  it("imports a multi-document file into definitions, values kept as written", () => {
    const result = importHumctlYaml(twoDocs, { file: "defs.yaml" });
    expect(result.errors).toEqual([]);
    expect(result.definitions).toEqual<ResourceDefinition[]>([
      {
        id: "ns-echo",
        name: "Namespace",
        type: "k8s-namespace",
        driver_type: "humanitec/echo",
        driver_inputs: { values: { namespace: "${context.app.id}-${context.env.id}" } },
        criteria: [{}],
      },
      {
        id: "pg-staging",
        name: "Postgres (staging)",
        type: "postgres",
        driver_type: "humanitec/echo",
        driver_inputs: {
          values: { host: "db.example.com", port: 5432, name: "shop" },
          secrets: { username: "admin", password: "s3cret" },
        },
        criteria: [{ env_type: "staging" }, { app_id: "shop", class: "large" }],
      },
    ]);
    expect(result.documents.map((d) => [d.document, d.line, d.id])).toEqual([
      [1, 1, "ns-echo"],
      [2, 15, "pg-staging"],
    ]);
  });

  it("ignores empty documents (leading/trailing ---)", () => {
    const result = importHumctlYaml(`---\n${twoDocs}---\n`);
    expect(result.errors).toEqual([]);
    expect(result.definitions).toHaveLength(2);
  });

  it("names file, document, line and field in errors", () => {
    const bad = twoDocs.replace("driver_type: humanitec/echo\n  driver_inputs:\n    values:\n      host", "driver_type: humanitec/nope\n  driver_inputs:\n    values:\n      host");
    const result = importHumctlYaml(bad, { file: "defs.yaml" });
    expect(result.errors.map(formatHumctlIssue)).toEqual([
      'defs.yaml:22:16: document 2: entity.driver_type: unknown driver "humanitec/nope"',
    ]);
    expect(result.definitions.map((d) => d.id)).toEqual(["ns-echo"]);
  });

  it("points a missing field at its parent's key", () => {
    const result = importHumctlYaml(twoDocs.replace("  type: postgres\n", ""), { file: "f.yaml" });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ document: 2, field: "entity.type", message: "type is required", line: 19 });
  });

  it("reports YAML syntax errors with their position", () => {
    const result = importHumctlYaml("apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata: {id: x\n", { file: "broken.yaml" });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/^YAML syntax error: /);
    expect(result.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it("reports duplicate keys as YAML errors", () => {
    const result = importHumctlYaml(twoDocs.replace("  name: Namespace\n", "  name: Namespace\n  name: Again\n"));
    expect(result.errors[0].message).toMatch(/YAML syntax error: .*[Uu]nique/);
    expect(result.errors[0].line).toBe(7);
  });

  it("checks the envelope: apiVersion, kind, metadata.id, entity", () => {
    const result = importHumctlYaml(
      "apiVersion: core.api.humanitec.io/v1\nkind: Application\nmetadata: {}\nentity: {}\n",
      { file: "x.yaml" },
    );
    expect(result.errors.map((e) => [e.field, e.message, e.line])).toEqual([
      ["apiVersion", 'unsupported apiVersion "core.api.humanitec.io/v1"; expected entity.humanitec.io/v1b1', 1],
      ["kind", 'unsupported kind "Application"; only Definition is supported', 2],
      ["metadata.id", "metadata.id is required", 3],
    ]);
  });

  it("a non-mapping document is an error", () => {
    expect(importHumctlYaml("- a\n- b\n").errors[0].message).toMatch(/must be a mapping/);
  });

  it("warns about unknown fields (they are not kept)", () => {
    const result = importHumctlYaml(twoDocs.replace("  name: Namespace\n", "  name: Namespace\n  colour: blue\n"));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => [w.field, w.message, w.line])).toEqual([
      ["entity.colour", '"colour" is not a field of a resource definition and is ignored', 7],
    ]);
  });

  it("refuses the same metadata.id twice in a file", () => {
    const result = importHumctlYaml(`${twoDocs}---\n${twoDocs.split("---\n")[0]}`, { file: "d.yaml" });
    expect(result.errors.map(formatHumctlIssue)).toEqual(['d.yaml:39:7: document 3: metadata.id: definition "ns-echo" is already defined in document 1']);
    expect(result.definitions).toHaveLength(2);
  });

  it("refuses the same metadata.id across files", () => {
    const result = importHumctlFiles([
      { file: "a.yaml", text: twoDocs },
      { file: "b.yaml", text: twoDocs.split("---\n")[1] },
    ]);
    expect(result.errors.map((e) => [e.file, e.message])).toEqual([
      ["b.yaml", 'definition "pg-staging" is already defined in a.yaml (document 2)'],
    ]);
    expect(result.definitions.map((d) => d.id)).toEqual(["ns-echo", "pg-staging"]);
  });

  it("maps template errors to the file line inside a block scalar", () => {
    const text = `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: tpl
entity:
  name: tpl
  type: config
  driver_type: humanitec/template
  driver_inputs:
    values:
      templates:
        outputs: |
          a: 1
          b: {{ .oops }
  criteria: [{}]
`;
    const checker: TemplateChecker = (source) =>
      source.includes("{{ .oops") ? [{ message: "unclosed action", line: 2, column: 4 }] : [];
    const result = importHumctlYaml(text, { file: "t.yaml", validate: { templateChecker: checker, templateSeverity: "error" } });
    expect(result.errors.map(formatHumctlIssue)).toEqual([
      't.yaml:14:4: document 1: entity.driver_inputs.values.templates.outputs: template "outputs": unclosed action',
    ]);
    // By default the Go parser runs and template problems are warnings: the file still imports.
    const lenient = importHumctlYaml(text, { file: "t.yaml" });
    expect(lenient.errors).toEqual([]);
    expect(lenient.definitions).toHaveLength(1);
    expect(lenient.warnings).toHaveLength(1);
    expect(lenient.warnings[0]).toMatchObject({ line: 14, field: "entity.driver_inputs.values.templates.outputs", severity: "warning" });
    expect(lenient.warnings[0].message).toMatch(/^template: outputs:2: /);
  });

  it("validate: false checks only the envelope", () => {
    const result = importHumctlYaml(twoDocs.replace("humanitec/echo", "humanitec/nope"), { validate: false });
    expect(result.errors).toEqual([]);
  });
});

describe("exportHumctlYaml", () => {
  const defs = importHumctlYaml(twoDocs).definitions;

  it("writes the humctl envelope in a fixed order", () => {
    const out = exportHumctlYaml(defs);
    expect(out.split("---\n")).toHaveLength(2);
    expect(out.startsWith("apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: ns-echo\nentity:\n  name: Namespace\n")).toBe(true);
  });

  it("round-trips byte-stable", () => {
    const out = exportHumctlYaml(defs);
    expect(exportHumctlYaml(importHumctlYaml(out).definitions)).toBe(out);
  });

  it("keeps multi-line templates as block literals", () => {
    const def: ResourceDefinition = {
      id: "tpl-def",
      name: "tpl",
      type: "config",
      driver_type: "humanitec/template",
      driver_inputs: { values: { templates: { outputs: "a: {{ .driver.values.a }}\nb: 2\n" } } },
      criteria: [{}],
    };
    const out = exportHumctlYaml([def]);
    expect(out).toContain("        outputs: |\n          a: {{ .driver.values.a }}\n          b: 2\n");
    expect(importHumctlYaml(out).definitions).toEqual([def]);
  });

  it("drops criterion ids and undefined fields, keeps [{}] and []", () => {
    const def: ResourceDefinition = {
      id: "x-def",
      name: "x",
      type: "config",
      driver_type: "humanitec/echo",
      driver_account: undefined,
      criteria: [{ id: "c1", env_type: "dev" }, { id: "c2" }],
    };
    expect(importHumctlYaml(exportHumctlYaml([def])).definitions[0].criteria).toEqual([{ env_type: "dev" }, {}]);
    expect(exportHumctlYaml([{ ...def, criteria: [] }])).toContain("criteria: []");
  });

  it("omitSecrets leaves out secret values but keeps store references", () => {
    const withRefs: ResourceDefinition = {
      id: "refs",
      name: "refs",
      type: "redis",
      driver_type: "humanitec/echo",
      driver_inputs: {
        values: { host: "h" },
        secret_refs: { password: { store: "vault", ref: "redis/pw" }, username: { value: "plain" } },
      },
    };
    const out = exportHumctlYaml([withRefs, defs[1]], { omitSecrets: true });
    expect(out).not.toContain("s3cret");
    expect(out).not.toContain("plain");
    expect(out).toContain("ref: redis/pw");
    expect(out).toContain("host: db.example.com");
  });
});
