import { describe, expect, it } from "vitest";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { criterionCouldMatch, filterDefinitionsByContext, validateCriteria } from "@/lib/engine/matching";

describe("validateCriteria", () => {
  it("accepts distinct rules, including {} and class variants", () => {
    expect(
      validateCriteria([{}, { class: "large" }, { env_type: "staging" }, { env_type: "staging", app_id: "shop" }]),
    ).toEqual([]);
  });

  it("refuses the same rule twice with the index of the first", () => {
    expect(validateCriteria([{ env_type: "staging" }, { app_id: "x" }, { env_type: "staging" }])).toEqual([
      {
        index: 2,
        path: "criteria[2]",
        message: "duplicate criterion {class: default, env_type: staging}: the same rule is already at criteria[0]",
      },
    ]);
  });

  it("treats a missing class as default and empty fields as unset when comparing", () => {
    const errors = validateCriteria([{ class: "default", app_id: "a" }, { app_id: "a", env_id: "" }]);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/duplicate criterion \{class: default, app_id: a\}/);
  });

  it("[{}, {}] is a duplicate", () => {
    expect(validateCriteria([{}, {}])).toHaveLength(1);
  });

  it("ignores criterion ids when comparing", () => {
    expect(validateCriteria([{ id: "1", env_type: "x" }, { id: "2", env_type: "x" }])).toHaveLength(1);
  });

  it("refuses a rule another definition of the type already has", () => {
    const other: ResourceDefinition = {
      id: "pg-main",
      name: "pg-main",
      type: "postgres",
      driver_type: "humanitec/echo",
      criteria: [{ env_type: "staging" }],
    };
    expect(validateCriteria([{ env_type: "staging" }], { otherDefinitions: [other] })).toEqual([
      {
        index: 0,
        path: "criteria[0]",
        message:
          'duplicate criterion {class: default, env_type: staging}: resource definition "pg-main" of the same type already has this rule',
      },
    ]);
    expect(validateCriteria([{ env_type: "staging" }], { otherDefinitions: [{ ...other, is_deleted: true }] })).toEqual([]);
  });

  it("reports unknown fields and non-string values with their path", () => {
    expect(validateCriteria([{ env: "x" }, { app_id: 3 }, "nope"], { pathPrefix: "entity.criteria" })).toEqual([
      {
        index: 0,
        path: "entity.criteria[0].env",
        message: 'unknown criterion field "env"; allowed: class, env_type, app_id, env_id, res_id',
      },
      { index: 1, path: "entity.criteria[1].app_id", message: "app_id must be a string" },
      { index: 2, path: "entity.criteria[2]", message: "a criterion must be a mapping such as {env_type: staging} or {}" },
    ]);
  });
});

describe("filterDefinitionsByContext (list filter 'matches app/env')", () => {
  const defs: ResourceDefinition[] = [
    { id: "all", name: "all", type: "postgres", driver_type: "humanitec/echo", criteria: [{}] },
    { id: "shop", name: "shop", type: "postgres", driver_type: "humanitec/echo", criteria: [{ app_id: "shop" }] },
    { id: "blog-stg", name: "b", type: "postgres", driver_type: "humanitec/echo", criteria: [{ app_id: "blog", env_id: "staging" }] },
    { id: "none", name: "none", type: "postgres", driver_type: "humanitec/echo", criteria: [] },
    { id: "redis", name: "redis", type: "redis", driver_type: "humanitec/echo", criteria: [{}] },
  ];
  it("keeps definitions that could match the partial context", () => {
    expect(filterDefinitionsByContext(defs, { app_id: "shop" }).map((d) => d.id)).toEqual(["all", "shop", "redis"]);
    expect(filterDefinitionsByContext(defs, { app_id: "blog", type: "postgres" }).map((d) => d.id)).toEqual(["all", "blog-stg"]);
    expect(filterDefinitionsByContext(defs, { app_id: "blog", env_id: "prod" }).map((d) => d.id)).toEqual(["all", "redis"]);
    expect(filterDefinitionsByContext(defs, {}).map((d) => d.id)).toEqual(["all", "shop", "blog-stg", "redis"]);
  });
  it("class must agree when given", () => {
    expect(criterionCouldMatch({}, { class: "large" })).toBe(false);
    expect(criterionCouldMatch({ class: "large" }, { class: "large" })).toBe(true);
  });
});
