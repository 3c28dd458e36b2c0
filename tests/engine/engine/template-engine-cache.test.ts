import { describe, expect, it } from "vitest";
import { createGoTemplateEngine } from "@/lib/engine/drivers/go-template-engine";

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
