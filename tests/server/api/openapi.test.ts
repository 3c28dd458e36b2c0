import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/server/api/openapi";
import { ALL_ROUTES } from "@/lib/server/api/registry";
import { HTTP_METHODS, callApi, discoverRouteFiles, loadRouteModule } from "./harness";

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3 document whose references all resolve", async () => {
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const validator = new Validator();
    const doc = buildOpenApiDocument();
    const result = await validator.validate(doc as Parameters<typeof validator.validate>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
    expect(result.valid).toBe(true);
    // The validator is not vacuous: a response without a description is refused.
    const broken = structuredClone(doc) as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete broken.paths["/orgs/{orgId}/apps"].get.responses["200"].description;
    expect((await new Validator().validate(broken as unknown as Parameters<typeof validator.validate>[0])).valid).toBe(false);
    expect(() => validator.resolveRefs()).not.toThrow();
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(schemas, ref[1]).toHaveProperty(ref[1]);
  });

  it("documents every route file and method, and only those", async () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    const served: string[] = [];
    for (const r of discoverRouteFiles()) {
      const mod = await loadRouteModule(r.file);
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") served.push(`${m} ${r.path}`);
    }
    expect(documented).toEqual(served.sort());
  });

  it("has unique operation ids and declares the error statuses every route can answer", () => {
    const ids = ALL_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const r of ALL_ROUTES) {
      const responses = doc.paths[r.path][r.method.toLowerCase()].responses;
      for (const status of ["401", "403", "429", String(r.success.status)]) expect(responses, `${r.method} ${r.path}`).toHaveProperty(status);
    }
  });

  it("is served at /api/v1/openapi.json without a token", async () => {
    const res = await callApi("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: "3.0.3", info: { title: "Baton API" } });
  });
});
