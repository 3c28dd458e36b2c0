import { jsonResponse } from "@/lib/server/api/errors";
import { openApiDocument } from "@/lib/server/api/openapi";

/** Public: the API's description, generated from the route registry's zod schemas. */
export function GET(): Response {
  return jsonResponse(200, openApiDocument(), { "cache-control": "public, max-age=300" });
}
