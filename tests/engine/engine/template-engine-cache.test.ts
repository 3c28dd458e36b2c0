import { describe, expect, it } from "vitest";
import { createGoTemplateEngine } from "@/lib/engine/drivers/go-template-engine";
import { createTemplateDriver } from "@/lib/engine/drivers/template";
import type { DriverInput, DriverOutput } from "@/lib/engine/drivers/types";

describe("createGoTemplateEngine: parsed-template cache", () => {
  it("keeps templates apart by name and text", () => {
    const engine = createGoTemplateEngine();
    expect(engine.render("a", "x: {{ .v }}", { v: 1 })).toBe("x: 1");
    expect(engine.render("b", "x: {{ .v }}", { v: 2 })).toBe("x: 2");
    expect(engine.render("a", "y: {{ .v }}", { v: 3 })).toBe("y: 3");
    // the name is part of what was parsed: errors name their template
    expect(() => engine.render("first", "{{ .v.w.x }}", { v: 1 })).toThrow(/first/);
    expect(() => engine.render("second", "{{ .v.w.x }}", { v: 1 })).toThrow(/second/);
  });

  it("still renders correctly once more texts than the cache holds have been seen", () => {
    const engine = createGoTemplateEngine();
    for (let i = 0; i < 2100; i++) expect(engine.render(i % 2 ? "odd" : "even", `n: ${i} {{ .v }}`, { v: i % 7 })).toBe(`n: ${i} ${i % 7}`);
    expect(engine.render("even", "n: 0 {{ .v }}", { v: "again" })).toBe("n: 0 again");
  });
});

describe("createGoTemplateEngine: sessions share converted data", () => {
  const data = () => ({ driver: { values: { name: "db", port: 5432, tags: ["a"] } }, id: "abc" });

  it("renders what render() renders, entries added later included", () => {
    const engine = createGoTemplateEngine();
    const session = engine.session!(data());
    const text = "{{ .driver.values.name }}:{{ .driver.values.port }} {{ .init }} {{ keys . | join \",\" }}";
    expect(session.render("t", text)).toBe(engine.render("t", text, data()));
    session.set("init", { user: "u" });
    expect(session.render("t", text)).toBe(engine.render("t", text, { ...data(), init: { user: "u" } }));
    session.set("init", { user: "v" });
    expect(session.render("t", "{{ .init.user }} {{ keys . | join \",\" }}")).toBe("v driver,id,init");
  });

  it("a template that sets, unsets or merges into its data never changes what the next template sees", () => {
    const engine = createGoTemplateEngine();
    const session = engine.session!(data());
    const read = "{{ .driver.values.name }} {{ .driver.values.extra }} {{ .id }} {{ len .driver.values }}";
    expect(session.render("read", read)).toBe("db <no value> abc 3");
    expect(session.render("set", '{{ $_ := set .driver.values "name" "changed" }}{{ .driver.values.name }}')).toBe("changed");
    expect(session.render("unset", '{{ $_ := unset .driver.values "port" }}{{ len .driver.values }}')).toBe("2");
    expect(session.render("merge", '{{ $_ := mergeOverwrite .driver.values (dict "extra" 1) }}{{ .driver.values.extra }}')).toBe("1");
    expect(session.render("merge2", '{{ $_ := merge .driver.values (dict "extra" 2) }}{{ .driver.values.extra }}')).toBe("2");
    expect(session.render("read", read)).toBe("db <no value> abc 3");
    // within one execution the change is visible, as in Go
    expect(session.render("both", '{{ $_ := set . "id" "x" }}{{ .id }}')).toBe("x");
    expect(session.render("read", read)).toBe("db <no value> abc 3");
  });

  it("a mutation in a template defined with {{define}} is detected too", () => {
    const engine = createGoTemplateEngine();
    const session = engine.session!(data());
    const text = '{{ define "m" }}{{ $_ := set .driver.values "name" "changed" }}{{ end }}{{ template "m" . }}{{ .driver.values.name }}';
    expect(session.render("defined", text)).toBe("changed");
    expect(session.render("read", "{{ .driver.values.name }}")).toBe("db");
  });

  it("sessions of different resources are independent, and the caller's data is not changed", () => {
    const engine = createGoTemplateEngine();
    const first = data();
    const a = engine.session!(first);
    const b = engine.session!({ ...data(), id: "other" });
    a.set("init", { n: 1 });
    expect(b.render("t", "{{ .id }} {{ .init }}")).toBe("other <no value>");
    expect(a.render("t", "{{ .id }} {{ .init.n }}")).toBe("abc 1");
    expect(first).toEqual(data());
  });
});

describe("template driver: one engine, many resources", () => {
  const templates = {
    init: '{{ $_ := set .driver.values "image" "changed" }}{{ $_ := set .resource "extra" 1 }}name: {{ .driver.values.name }}\n',
    manifests: "cm.yaml:\n  location: namespace\n  data:\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ .init.name }}\n    data:\n      image: {{ .driver.values.image }}\n      extra: '{{ .resource.extra }}'\n",
    outputs: "image: {{ .driver.values.image }}\nname: {{ .init.name }}\n",
  };
  const input = (name: string): DriverInput => ({
    context: { org_id: "o", app_id: "a", env_id: "e", env_type: "development", deploy_id: "d", type: "x", class: "default", res_id: `shared.${name}`, guresid: "0123456789abcdef" },
    driver: { values: { name, image: "nginx", templates }, secrets: {} },
    resource: {},
    cookie: null,
  });

  it("a template's set changes neither the later templates nor the next resource nor the inputs", async () => {
    const driver = createTemplateDriver(createGoTemplateEngine());
    for (const name of ["first", "second", "first"]) {
      const given = input(name);
      const out = (await driver.provision(given)) as DriverOutput;
      expect(out.values).toEqual({ image: "nginx", name });
      expect(out.manifests?.[0].data).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { image: "nginx", extra: "<no value>" } });
      expect(given).toEqual(input(name));
    }
  });
});
