import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { databaseUnavailable, SafeError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { fieldErrorsOf } from "@/lib/server/operations/operation";
import { NUL_MESSAGE, fieldWithNul } from "@/lib/server/text-input";
import { withRequestInfo } from "@/lib/server/request-context";
import { getRuntime } from "@/lib/server/runtime";
import { authenticateToken, bearerTokenOf } from "./auth";
import { errorResponse, jsonResponse } from "./errors";
import { nextPageHeaders, pageRequestOf, type Page, type PageRequest } from "./pagination";
import { apiRateLimiter } from "./rate-limit";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContext<P, Q, B> {
  db: Db;
  secrets: SecretBox;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  /** Only for paginated routes: which slice was asked for. */
  page: PageRequest;
  requestId: string;
  url: URL;
  /** Only for routes with `textBody`: the request body as sent (e.g. a YAML document). */
  text: string;
  /** The request's headers (If-Match, Accept). */
  headers: Headers;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One REST route: its OpenAPI description and its behaviour in one object, so the document
 * at /api/v1/openapi.json is generated from the same zod schemas that validate requests.
 * Handlers stay thin: parse → `can()` / `runOperation` → shape the answer.
 */
export interface ApiRoute<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject | undefined = z.ZodObject | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path below /api/v1, e.g. `/orgs/{orgId}/apps/{appId}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params: P;
  query?: Q;
  body?: B;
  /** The body is a document in another format (Humanitec's pipelines take YAML): read as text, not JSON. */
  textBody?: { contentType: string; description: string };
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; paginated?: boolean };
  /** Error statuses this route answers with besides 401, 403 and 429, which every route has. */
  errors?: number[];
  handle(ctx: RouteContext<z.output<P>, Infer<Q>, Infer<B>>): unknown;
}

/** The context an operation runs in, from a route's context (secret box included). */
export function operationContext(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor" | "requestId" | "secrets">) {
  return { db: ctx.db, actor: ctx.actor, requestId: ctx.requestId, secrets: ctx.secrets };
}

export function defineRoute<P extends z.ZodObject, Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  route: ApiRoute<P, Q, B>,
): ApiRoute<P, Q, B> {
  return route;
}

function clientKey(request: Request, token: string | undefined): string {
  if (token) return `t:${createHash("sha256").update(token).digest("base64url").slice(0, 22)}`;
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return `a:${forwarded || request.headers.get("x-real-ip") || "local"}`;
}

function parseWith<S extends z.ZodType>(schema: S, raw: unknown, where: "path" | "query" | "body"): z.output<S> {
  const nul = fieldWithNul(raw);
  const parsed = nul === undefined ? schema.safeParse(raw) : undefined;
  if (parsed?.success) return parsed.data;
  const found = parsed ? fieldErrorsOf(parsed.error) : [{ field: nul || "(input)", message: NUL_MESSAGE }];
  const fields = found.map((f) => ({ ...f, field: f.field === "(input)" ? where : `${where === "body" ? "" : `${where}.`}${f.field}` }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  // Humanitec: a body that does not satisfy the schema is 422; bad parameters are 400.
  throw new SafeError(where === "body" ? "unprocessable" : "invalid", summary, { fields });
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SafeError("invalid", `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** Turns a route into a Next.js route handler (`export const GET = handler(route)`). */
export function handler<P extends z.ZodObject, Q extends z.ZodObject | undefined, B extends z.ZodType | undefined>(route: ApiRoute<P, Q, B>) {
  return async function handle(request: Request, context?: NextRouteContext): Promise<Response> {
    const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    let rateHeaders: Record<string, string> = {};
    try {
      const token = bearerTokenOf(request);
      const { db, secrets } = await getRuntime();
      const decision = await apiRateLimiter.take(db, clientKey(request, token));
      if (!decision.allowed) {
        throw Object.assign(new SafeError("rate-limited", `Too many requests; retry in ${decision.retryAfterSeconds} s`), { retryAfter: decision.retryAfterSeconds });
      }
      rateHeaders = { "x-ratelimit-remaining": String(decision.remaining) };
      const { actor } = await authenticateToken(db, token);
      const rawParams = (await context?.params) ?? {};
      const params = parseWith(route.params, rawParams, "path");
      if ("orgId" in params && params.orgId !== actor.orgId) throw new SafeError("not-found", `Organization "${String(params.orgId)}" was not found`);
      const url = new URL(request.url);
      const query = route.query ? parseWith(route.query, Object.fromEntries(url.searchParams), "query") : undefined;
      const page = pageRequestOf((query ?? {}) as { per_page?: number; page?: string });
      const text = route.textBody ? await request.text() : "";
      const body = route.body && !route.textBody ? parseWith(route.body, await readJsonBody(request), "body") : undefined;
      const result = await withRequestInfo({ method: request.method, path: url.pathname, status: route.success.status }, () =>
        route.handle({ db, secrets, actor, params, query: query as Infer<Q>, body: body as Infer<B>, page, requestId, url, text, headers: request.headers }),
      );
      const headers = { "x-request-id": requestId, ...rateHeaders };
      if (route.success.paginated) {
        const p = result as Page<unknown>;
        return jsonResponse(route.success.status, p.items, { ...headers, ...nextPageHeaders(url, p, page.perPage) });
      }
      return jsonResponse(route.success.status, result ?? null, headers);
    } catch (err) {
      const extra: Record<string, string> = { ...rateHeaders };
      const retryAfter = (err as { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) extra["retry-after"] = String(retryAfter);
      if (err instanceof SafeError && err.code === "unauthenticated") extra["www-authenticate"] = 'Bearer realm="baton"';
      if (databaseUnavailable(err)) logger.warn({ requestId, route: route.operationId, reason: (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message }, "API request refused: the database is unavailable");
      else if (!(err instanceof SafeError)) logger.error({ err, requestId, route: route.operationId }, "API request failed");
      return errorResponse(err, requestId, extra);
    }
  };
}
