import { describe, expect, it } from "vitest";
import type { MatchingCriterion, MatchRequest, ResourceDefinition } from "@/lib/engine/model/definition";
import { explainMatch, matchDefinition, noMatchMessage, specificityOf } from "@/lib/engine/matching";

function def(id: string, criteria: MatchingCriterion[] | undefined, extra: Partial<ResourceDefinition> = {}): ResourceDefinition {
  return { id, name: id, type: "postgres", driver_type: "humanitec/echo", criteria, ...extra };
}

const shopStagingDb: MatchRequest = {
  type: "postgres",
  res_id: "shared.db",
  app_id: "shop",
  env_id: "staging",
  env_type: "staging",
};

const qaTeam: MatchRequest = {
  type: "postgres",
  res_id: "modules.api.externals.db",
  app_id: "my-app",
  env_id: "qa-team",
  env_type: "test",
};

describe("specificity", () => {
  const cases: Array<[MatchingCriterion, number]> = [
    [{}, 0],
    [{ env_type: "x" }, 1],
    [{ app_id: "x" }, 2],
    [{ app_id: "x", env_type: "x" }, 3],
    [{ env_id: "x" }, 4],
    [{ env_id: "x", env_type: "x", app_id: "x" }, 7],
    [{ res_id: "x" }, 8],
    [{ res_id: "x", env_id: "x", app_id: "x", env_type: "x" }, 15],
    [{ class: "big" }, 0],
    [{ env_type: "", app_id: "" }, 0],
  ];
  it.each(cases)("%j → %i", (criterion, expected) => {
    expect(specificityOf(criterion)).toBe(expected);
  });
});

describe("matchDefinition: precedence (res_id > env_id > app_id > env_type)", () => {
  // Each row: the criteria of two definitions `a` and `b`, and which one must win for qaTeam.
  const table: Array<{ name: string; a: MatchingCriterion[]; b: MatchingCriterion[]; winner: "a" | "b" | null }> = [
    { name: "env_type beats match-all", a: [{}], b: [{ env_type: "test" }], winner: "b" },
    { name: "app_id beats env_type", a: [{ env_type: "test" }], b: [{ app_id: "my-app" }], winner: "b" },
    { name: "env_id beats app_id", a: [{ app_id: "my-app" }], b: [{ env_id: "qa-team" }], winner: "b" },
    { name: "res_id beats env_id", a: [{ env_id: "qa-team" }], b: [{ res_id: "modules.api.externals.db" }], winner: "b" },
    {
      name: "res_id alone beats env_id+app_id+env_type",
      a: [{ env_id: "qa-team", app_id: "my-app", env_type: "test" }],
      b: [{ res_id: "modules.api.externals.db" }],
      winner: "b",
    },
    {
      name: "env_id alone beats app_id+env_type",
      a: [{ app_id: "my-app", env_type: "test" }],
      b: [{ env_id: "qa-team" }],
      winner: "b",
    },
    { name: "app_id alone beats env_type", a: [{ env_type: "test" }], b: [{ app_id: "my-app" }], winner: "b" },
    {
      name: "tie on the most specific field is broken by the next (app_id+env_type > app_id)",
      a: [{ app_id: "my-app" }],
      b: [{ app_id: "my-app", env_type: "test" }],
      winner: "b",
    },
    {
      name: "env_id+app_id beats env_id+env_type",
      a: [{ env_id: "qa-team", env_type: "test" }],
      b: [{ env_id: "qa-team", app_id: "my-app" }],
      winner: "b",
    },
    {
      name: "res_id+env_type beats res_id",
      a: [{ res_id: "modules.api.externals.db" }],
      b: [{ res_id: "modules.api.externals.db", env_type: "test" }],
      winner: "b",
    },
    { name: "a more specific criterion that fails does not count", a: [{ env_type: "test" }], b: [{ app_id: "other" }], winner: "a" },
    { name: "env_id and env_type both must hold", a: [{}], b: [{ env_id: "qa-team", env_type: "production" }], winner: "a" },
    { name: "no wildcards: exact string equality", a: [], b: [{ app_id: "my-*" }], winner: null },
    { name: "case-sensitive", a: [{ env_type: "Test" }], b: [], winner: null },
    {
      name: "the API example: {env_type:test}, {env_type:development}, {env_type:test,app_id:my-app}",
      a: [{ env_type: "test" }, { env_type: "development" }],
      b: [{ env_type: "test", app_id: "my-app" }],
      winner: "b",
    },
    {
      name: "a definition's best criterion counts (several criteria)",
      a: [{ env_type: "test" }, { res_id: "modules.api.externals.db" }],
      b: [{ env_id: "qa-team" }],
      winner: "a",
    },
    { name: "empty criteria list never matches", a: [], b: [], winner: null },
    { name: "[{}] matches everything of class default", a: [], b: [{}], winner: "b" },
    { name: "class not default: {} does not match a class-less criterion for another class", a: [{ class: "big" }], b: [], winner: null },
  ];

  it.each(table)("$name", ({ a, b, winner }) => {
    const defs = [def("a", a), def("b", b)];
    const result = matchDefinition(defs, qaTeam);
    expect(result?.definition.id ?? null).toBe(winner);
    // Order of the definitions must not matter.
    expect(matchDefinition([...defs].reverse(), qaTeam)?.definition.id ?? null).toBe(winner);
  });

  it("the API doc example picks #3 with its criterion", () => {
    const criteria = [{ env_type: "test" }, { env_type: "development" }, { env_type: "test", app_id: "my-app" }];
    const defs = criteria.map((c, i) => def(`d${i + 1}`, [c]));
    const result = matchDefinition(defs, qaTeam);
    expect(result?.definition.id).toBe("d3");
    expect(result?.criterion).toEqual({ env_type: "test", app_id: "my-app" });
  });

  it("undefined criteria behaves like []", () => {
    expect(matchDefinition([def("a", undefined)], qaTeam)).toBeNull();
  });

  it("only definitions of the requested type are candidates", () => {
    expect(matchDefinition([def("a", [{}], { type: "mysql" })], qaTeam)).toBeNull();
  });

  it("deleted definitions never match", () => {
    expect(matchDefinition([def("a", [{}], { is_deleted: true })], qaTeam)).toBeNull();
  });

  it("residual ties (duplicate rules across definitions) go to the smaller id, stably", () => {
    const defs = [def("zeta", [{ env_type: "test" }]), def("alpha", [{ env_type: "test" }])];
    expect(matchDefinition(defs, qaTeam)?.definition.id).toBe("alpha");
  });
});

describe("matchDefinition: class handling", () => {
  const table: Array<{ name: string; requestClass?: string; criterion: MatchingCriterion; matches: boolean }> = [
    { name: "no class on both sides", criterion: {}, matches: true },
    { name: "request class omitted = default", criterion: { class: "default" }, matches: true },
    { name: "request class empty string = default", requestClass: "", criterion: { class: "default" }, matches: true },
    { name: "criterion class empty string = default", requestClass: "default", criterion: { class: "" }, matches: true },
    { name: "explicit default both", requestClass: "default", criterion: { class: "default" }, matches: true },
    { name: "criterion class on default request", criterion: { class: "large" }, matches: false },
    { name: "class-less criterion on class request", requestClass: "large", criterion: {}, matches: false },
    { name: "same class", requestClass: "large", criterion: { class: "large" }, matches: true },
    { name: "different class", requestClass: "large", criterion: { class: "small" }, matches: false },
    { name: "class plus context", requestClass: "large", criterion: { class: "large", app_id: "my-app" }, matches: true },
  ];
  it.each(table)("$name", ({ requestClass, criterion, matches }) => {
    const request = { ...qaTeam, class: requestClass };
    expect(matchDefinition([def("a", [criterion])], request) !== null).toBe(matches);
  });

  it("class does not add specificity: {class: x} vs {class: x, env_type}", () => {
    const request = { ...qaTeam, class: "x" };
    const defs = [def("a", [{ class: "x" }]), def("b", [{ class: "x", env_type: "test" }])];
    expect(matchDefinition(defs, request)?.definition.id).toBe("b");
  });
});

describe("matchDefinition: built-in defaults", () => {
  const builtin = def("default-postgres", [{}], { is_default: true });

  it("a built-in is the fallback when no org definition matches", () => {
    expect(matchDefinition([builtin, def("org", [{ env_type: "production" }])], qaTeam)?.definition.id).toBe(
      "default-postgres",
    );
  });

  it("an org match-all beats a more specific built-in", () => {
    const specificBuiltin = def("builtin-specific", [{ res_id: "modules.api.externals.db" }], { is_default: true });
    expect(matchDefinition([specificBuiltin, def("org", [{}])], qaTeam)?.definition.id).toBe("org");
  });

  it("among built-ins the usual precedence applies", () => {
    const b2 = def("builtin-2", [{ env_type: "test" }], { is_default: true });
    expect(matchDefinition([builtin, b2], qaTeam)?.definition.id).toBe("builtin-2");
  });

  it("built-ins obey class too", () => {
    expect(matchDefinition([builtin], { ...qaTeam, class: "large" })).toBeNull();
  });

  it("an org definition with no criteria does not suppress the fallback", () => {
    expect(matchDefinition([def("org", []), builtin], qaTeam)?.definition.id).toBe("default-postgres");
  });
});

describe("explainMatch", () => {
  const defs = [
    def("pg-all", [{}]),
    def("pg-staging", [{ env_type: "staging" }]),
    def("pg-shop", [{ app_id: "shop" }, { app_id: "other", env_type: "staging" }]),
    def("pg-prod", [{ env_type: "production" }, { class: "large" }]),
    def("pg-unused", []),
    def("pg-builtin", [{}], { is_default: true }),
    def("mysql-x", [{}], { type: "mysql" }),
  ];
  const explanation = explainMatch(defs, shopStagingDb);

  it("lists every definition of the type, ranked, winner first", () => {
    expect(explanation.candidates.map((c) => [c.definition.id, c.rank, c.matched])).toEqual([
      ["pg-shop", 1, true],
      ["pg-staging", 2, true],
      ["pg-all", 3, true],
      ["pg-builtin", 4, true],
      ["pg-prod", 5, false],
      ["pg-unused", 6, false],
    ]);
    expect(explanation.winner?.definition.id).toBe("pg-shop");
    expect(explanation.winner?.criterion).toEqual({ app_id: "shop" });
    expect(explanation.usedBuiltinFallback).toBe(false);
  });

  it("says why the winner matched", () => {
    const winner = explanation.candidates[0];
    expect(winner.reasons).toContain('app_id "shop" equals the application');
    expect(winner.reasons).toContain("selected: the most specific matching criterion");
    expect(winner.criterion).toEqual({ app_id: "shop" });
  });

  it("says why a less specific match lost", () => {
    expect(explanation.candidates[1].reasons).toContain('less specific than the winner "pg-shop"');
  });

  it("names the failing field of each criterion of a non-match", () => {
    const prod = explanation.candidates.find((c) => c.definition.id === "pg-prod")!;
    expect(prod.reasons).toEqual([
      'criterion #1 {class: default, env_type: production}: env_type is "production" but the environment type is "staging"',
      'criterion #2 {class: large}: class is "large" but the resource\'s class is "default"',
    ]);
    expect(prod.criterion).toBeUndefined();
    expect(prod.criteria.map((c) => c.matched)).toEqual([false, false]);
  });

  it("explains an empty criteria list", () => {
    const unused = explanation.candidates.find((c) => c.definition.id === "pg-unused")!;
    expect(unused.reasons[0]).toMatch(/no matching criteria/);
  });

  it("explains why a matching built-in is not used", () => {
    const builtin = explanation.candidates.find((c) => c.definition.id === "pg-builtin")!;
    expect(builtin.builtin).toBe(true);
    expect(builtin.reasons).toContain("built-in default: not used because an organisation definition matches");
  });

  it("reports the built-in fallback", () => {
    const e = explainMatch([def("pg-prod", [{ env_type: "production" }]), def("pg-builtin", [{}], { is_default: true })], shopStagingDb);
    expect(e.winner?.definition.id).toBe("pg-builtin");
    expect(e.usedBuiltinFallback).toBe(true);
    expect(e.candidates[0].reasons).toContain("built-in default: used because no organisation definition matches");
  });

  it("reports no winner", () => {
    const e = explainMatch([def("pg-prod", [{ env_type: "production" }])], shopStagingDb);
    expect(e.winner).toBeNull();
    expect(e.candidates).toHaveLength(1);
    expect(e.request.class).toBe("default");
  });

  it("agrees with matchDefinition", () => {
    expect(matchDefinition(defs, shopStagingDb)?.definition.id).toBe(explanation.winner?.definition.id);
  });
});

describe("noMatchMessage", () => {
  it("names type, class and res_id", () => {
    expect(noMatchMessage({ ...shopStagingDb, class: "large" })).toBe(
      'no resource definition matches resource "shared.db" of type "postgres" and class "large" (app "shop", environment "staging" of type "staging")',
    );
  });
});
