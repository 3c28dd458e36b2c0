import { databaseUnavailable, HTTP_STATUS, SafeError, type SafeErrorCode } from "@/lib/server/errors";

/**
 * The API's error body, Humanitec's `HumanitecErrorResponse`: a stable machine code, a
 * message written for the user, and optional details (field errors, affected objects).
 */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Machine codes in the `error` field, one per SafeError code (Humanitec uses `API-…` codes too). */
const API_CODES: Record<SafeErrorCode, string> = {
  invalid: "API-400",
  unauthenticated: "API-401",
  forbidden: "API-403",
  "not-found": "API-404",
  conflict: "API-409",
  "deployment-in-progress": "API-409-DEPLOYMENT-IN-PROGRESS",
  unprocessable: "API-422",
  "rate-limited": "API-429",
  "not-implemented": "API-501",
  unavailable: "API-503",
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorBody(err: SafeError): ApiErrorBody {
  const body: ApiErrorBody = { error: API_CODES[err.code], message: err.message };
  if (err.details && Object.keys(err.details).length > 0) body.details = { ...err.details };
  return body;
}

/** A SafeError as an HTTP response; anything else becomes a 500 naming the request id only. */
export function errorResponse(err: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  const h = { "x-request-id": requestId, ...headers };
  if (err instanceof SafeError) return jsonResponse(HTTP_STATUS[err.code], errorBody(err), h);
  const unavailable = databaseUnavailable(err);
  if (unavailable) return jsonResponse(503, errorBody(unavailable), { "retry-after": "5", ...h });
  return jsonResponse(500, { error: "API-500", message: `Internal error (request ${requestId}). The error has been logged.` }, h);
}
