import { describe, expect, it } from "vitest";
import type { MatchingCriterion, MatchRequest, ResourceDefinition } from "@/lib/engine/model/definition";
import {
  blastRadius,
  summarizeBlastRadius,
  withCriteria,
  withoutDefinition,
} from "@/lib/engine/matching";

function def(id: string, criteria: MatchingCriterion[], extra: Partial<ResourceDefinition> = {}): ResourceDefinition {
  return { id, name: id, type: "postgres", driver_type: "humanitec/echo", criteria, ...extra };
}

function usage(app: string, env: string, envType: string, resId = "shared.db", type = "postgres"): MatchRequest {
  return { type, res_id: resId, app_id: app, env_id: env, env_type: envType };
}

const usages = [
  usage("shop", "development", "development"),
  usage("shop", "staging", "staging"),
  usage("shop", "staging", "staging", "modules.api.externals.cache", "redis"),
  usage("blog", "staging", "staging"),
  usage("blog", "production", "production"),
];

const before = [
  def("pg-main", [{}]),
  def("pg-second", []),
  def("pg-builtin", [{}], { is_default: true }),
  def("redis-main", [{}], { type: "redis" }),
];

describe("blastRadius", () => {
  it("the issue's scenario: adding {env_type: staging} to a second postgres switches shop/staging shared.db", () => {
    const after = withCriteria(before, "pg-second", [{ env_type: "staging" }]);
    const changes = blastRadius(before, after, usages);
    expect(changes.map((c) => [c.request.app_id, c.request.env_id, c.request.res_id, c.fromDef?.id, c.toDef?.id])).toEqual([
      ["shop", "staging", "shared.db", "pg-main", "pg-second"],
      ["blog", "staging", "shared.db", "pg-main", "pg-second"],
    ]);
    expect(changes[0].toCriterion).toEqual({ env_type: "staging" });
    expect(changes[0].fromCriterion).toEqual({});
  });

  it("narrowing criteria to one app moves only the others (to the built-in)", () => {
    const after = withCriteria(before, "pg-main", [{ app_id: "shop" }]);
    const changes = blastRadius(before, after, usages);
    expect(changes.map((c) => [c.request.app_id, c.request.env_id, c.toDef?.id])).toEqual([
      ["blog", "staging", "pg-builtin"],
      ["blog", "production", "pg-builtin"],
    ]);
  });

  it("deleting a definition: usages fall back or become unmatched", () => {
    const noBuiltin = withoutDefinition(before, "pg-builtin");
    const changes = blastRadius(noBuiltin, withoutDefinition(noBuiltin, "pg-main"), usages);
    expect(changes).toHaveLength(4);
    expect(changes.every((c) => c.fromDef?.id === "pg-main" && c.toDef === null)).toBe(true);
    const summary = summarizeBlastRadius(changes);
    expect(summary).toEqual({
      total: 4,
      unmatched: 4,
      byApp: { shop: 2, blog: 2 },
      byEnvironment: { "shop/development": 1, "shop/staging": 1, "blog/staging": 1, "blog/production": 1 },
      byTransition: { "pg-main -> none": 4 },
    });
  });

  it("a change that keeps every match reports nothing", () => {
    // A second criterion on the winning definition changes no winner.
    const after = withCriteria(before, "pg-main", [{}, { env_type: "staging" }]);
    expect(blastRadius(before, after, usages)).toEqual([]);
  });

  it("a usage that starts matching is reported (none -> def)", () => {
    const start = [def("redis-main", [{}], { type: "redis" })];
    const after = [...start, def("pg-new", [{ app_id: "blog" }])];
    const changes = blastRadius(start, after, usages);
    expect(changes.map((c) => [c.request.env_id, c.fromDef, c.toDef?.id])).toEqual([
      ["staging", null, "pg-new"],
      ["production", null, "pg-new"],
    ]);
  });

  it("other resource types are untouched by a postgres change", () => {
    const after = withoutDefinition(before, "pg-main");
    expect(blastRadius(before, after, usages).some((c) => c.request.type === "redis")).toBe(false);
  });

  it("lists a usage once even when given twice (active resource + deployment set)", () => {
    const after = withCriteria(before, "pg-second", [{ env_type: "staging" }]);
    const twice = [usages[1], { ...usages[1], class: "default" }];
    expect(blastRadius(before, after, twice)).toHaveLength(1);
  });
});
