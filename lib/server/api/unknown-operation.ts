import { jsonResponse } from "./errors";

/**
 * Paths under /api/v1 that no route serves: Humanitec's JSON error body with a 404, never the
 * portal's HTML page, so a client written against Humanitec's API (which may call operations
 * Baton does not have yet) gets an answer it can read.
 */
export function unknownOperation(request: Request): Response {
  const { pathname } = new URL(request.url);
  return jsonResponse(404, {
    error: "API-404",
    message: `Baton does not serve ${request.method} ${pathname}: no such operation in this version (the served ones are listed in /api/v1/openapi.json)`,
  });
}
