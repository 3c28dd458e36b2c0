/**
 * Errors whose message is written for the user and may reach the browser or an API client.
 * Anything else thrown is logged with the request id and shown as a generic failure.
 */
export type SafeErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "deployment-in-progress"
  | "rate-limited"
  | "unprocessable"
  /** A Humanitec operation Baton deliberately does not offer; the message says why. */
  | "not-implemented";

export const HTTP_STATUS: Record<SafeErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "deployment-in-progress": 409,
  unprocessable: 422,
  "rate-limited": 429,
  "not-implemented": 501,
};

export interface FieldError {
  /** Dotted path of the field, e.g. `env.id`. */
  field: string;
  message: string;
}

export class SafeError extends Error {
  constructor(
    readonly code: SafeErrorCode,
    message: string,
    readonly details?: { fields?: FieldError[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = "SafeError";
  }
}

export const notFound = (what: string) => new SafeError("not-found", `${what} was not found`);
export const forbidden = (what = "You do not have permission to do this") => new SafeError("forbidden", what);
