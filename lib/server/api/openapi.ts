import { z } from "zod";
import { ALL_ROUTES } from "./registry";
import type { ApiRoute } from "./route";
import { errorSchema } from "./schemas";

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "The request is malformed (bad JSON, parameters, or a value the operation refuses)",
  401: "No valid API token",
  403: "Your roles do not allow this",
  404: "Not found",
  409: "Conflict with the current state (id taken, deployment in progress, in use)",
  422: "The body does not satisfy the schema",
  429: "Rate limited; retry after the Retry-After header's seconds",
};

/** Converts a zod schema; named sub-schemas (`.meta({id})`) go to components/schemas. */
function convert(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "openapi-3.0", io, unrepresentable: "any" }) as JsonSchema;
  const defs = (json.definitions ?? {}) as Record<string, JsonSchema>;
  delete json.definitions;
  delete json.$schema;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/definitions/", "#/components/schemas/") : rewrite(v);
      }
      return out;
    }
    return node;
  };
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewrite(def) as JsonSchema;
  return rewrite(json) as JsonSchema;
}

function parametersOf(route: ApiRoute, components: Record<string, JsonSchema>): unknown[] {
  const out: unknown[] = [];
  const add = (schema: z.ZodObject | undefined, where: "path" | "query") => {
    if (!schema) return;
    const json = convert(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = prop as { description?: string };
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  };
  add(route.params, "path");
  add(route.query, "query");
  return out;
}

function operationOf(route: ApiRoute, components: Record<string, JsonSchema>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const s = route.success;
  responses[String(s.status)] = {
    description: s.description,
    ...(s.schema ? { content: { "application/json": { schema: convert(s.schema, "output", components) } } } : {}),
    ...(s.paginated
      ? {
          headers: {
            Link: { description: 'The next page: `<url>; rel="next"` (absent on the last page)', schema: { type: "string" } },
            "X-Next-Page": { description: "The next page's token for `page`", schema: { type: "string" } },
          },
        }
      : {}),
  };
  const errorRef = { content: { "application/json": { schema: { $ref: "#/components/schemas/HumanitecErrorResponse" } } } };
  for (const status of [...new Set([...(route.errors ?? []), 401, 403, 429])].sort()) {
    responses[String(status)] = { description: STATUS_TEXT[status] ?? "Error", ...errorRef };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    parameters: parametersOf(route, components),
    ...(route.textBody ? { requestBody: { required: true, description: route.textBody.description, content: { [route.textBody.contentType]: { schema: { type: "string" } } } } } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(route.body, "input", components) } } } } : {}),
    responses,
  };
}

export const OPENAPI_PATH = "/openapi.json";

/** The OpenAPI 3 document of /api/v1, built from the route registry. */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = ALL_ROUTES): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  convert(errorSchema, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operationOf(route, components);
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["Meta"],
      security: [],
      responses: { "200": { description: "OpenAPI 3 document", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  return {
    openapi: "3.0.3",
    info: {
      title: "Baton API",
      version: "1",
      description:
        "Baton's REST API mirrors the Humanitec Platform Orchestrator API for the parts Baton implements, so scripts port by changing the base URL. Authenticate with `Authorization: Bearer <API token>`. Lists paginate with `per_page` and `page` (token from the `Link` header). Errors are `{error, message, details?}`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from Settings → API tokens, or BATON_ADMIN_TOKEN" } },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

let cached: Record<string, unknown> | undefined;
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument();
  return cached;
}
