import { describe, expect, it } from "vitest";
import { compileRefPattern, imageRepository, imageUpdateDelta, ruleMatches } from "@/lib/engine/automation";
import { applyDelta, type DeploymentSet } from "@/lib/engine/delta";

const rule = (over: Partial<Parameters<typeof ruleMatches>[0]> = {}) => ({ active: true, artefactsFilter: [], excludeArtefactsFilter: false, matchRef: "", ...over });

describe("automation rules (engine)", () => {
  it("compiles match_ref as Go's regexp, with the position of a syntax error", () => {
    expect(compileRefPattern("").ok).toBe(true);
    expect(compileRefPattern("^refs/tags/v\\d+$").ok).toBe(true);
    expect(compileRefPattern("refs/heads/(main")).toEqual({ ok: false, message: "error parsing regexp: missing closing ): `refs/heads/(main`", position: 17 });
    expect(compileRefPattern("ab[")).toMatchObject({ ok: false, position: 4 });
    expect(compileRefPattern("x{2,1}")).toMatchObject({ ok: false, position: 2 });
    // A Perl construct RE2 does not have.
    expect(compileRefPattern("(?=main)")).toMatchObject({ ok: false });
  });

  it("matches by artefact name (included or excluded) and by ref, unanchored unless anchored", () => {
    const v = { name: "registry.example.com/web", ref: "refs/heads/main" };
    expect(ruleMatches(rule(), v)).toBe(true);
    expect(ruleMatches(rule({ active: false }), v)).toBe(false);
    expect(ruleMatches(rule({ artefactsFilter: ["registry.example.com/web"] }), v)).toBe(true);
    expect(ruleMatches(rule({ artefactsFilter: ["other"] }), v)).toBe(false);
    expect(ruleMatches(rule({ artefactsFilter: ["registry.example.com/web"], excludeArtefactsFilter: true }), v)).toBe(false);
    expect(ruleMatches(rule({ artefactsFilter: ["other"], excludeArtefactsFilter: true }), v)).toBe(true);
    expect(ruleMatches(rule({ matchRef: "heads/ma" }), v)).toBe(true);
    expect(ruleMatches(rule({ matchRef: "^refs/heads/main$" }), { ...v, ref: "refs/heads/main2" })).toBe(false);
    expect(ruleMatches(rule({ matchRef: "^refs/tags/" }), v)).toBe(false);
  });

  it("replaces the image of every container on the repository, leaving others alone", () => {
    const set: DeploymentSet = {
      version: 0,
      shared: {},
      modules: {
        web: { profile: "p", spec: { containers: { main: { image: "registry.example.com:5000/web:1" }, "side/car": { image: "registry.example.com:5000/web@sha256:aa" }, db: { image: "postgres:16" } } } },
        api: { profile: "p", spec: { containers: { main: { image: "registry.example.com:5000/web:2" } } } },
      },
    };
    expect(imageRepository("registry.example.com:5000/web:1")).toBe("registry.example.com:5000/web");
    const { delta, updates } = imageUpdateDelta(set, "registry.example.com:5000/web", "registry.example.com:5000/web:2");
    expect(updates.map((u) => `${u.workloadId}/${u.container}`)).toEqual(["web/main", "web/side/car"]);
    const applied = applyDelta(set, delta);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    const images = (w: string) => Object.values(applied.set.modules[w].spec.containers as Record<string, { image: string }>).map((c) => c.image);
    expect(images("web")).toEqual(["registry.example.com:5000/web:2", "registry.example.com:5000/web:2", "postgres:16"]);
    expect(images("api")).toEqual(["registry.example.com:5000/web:2"]);
  });
});
