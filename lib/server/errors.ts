import { errorCodes, errorMessages } from "@/db/error-codes";
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
  | "not-implemented"
  /** The database cannot be reached (or is too busy) right now: retry shortly. */
  | "unavailable";

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
  unavailable: 503,
};

// Network failures and PostgreSQL's "connection exception" class (08…) and shutdown codes (57P0…).
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "SQLITE_BUSY"]);
const UNREACHABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/**
 * The error as "the database is unavailable" when that is what it is (the error or any cause:
 * drizzle wraps the driver's), so requests answer 503 with a message instead of a bare 500.
 */
export function databaseUnavailable(err: unknown): SafeError | undefined {
  const unreachable = errorCodes(err).some((code) => UNREACHABLE_CODES.has(code) || code.startsWith("08")) || errorMessages(err).some((m) => UNREACHABLE_MESSAGES.test(m));
  return unreachable ? new SafeError("unavailable", "The database is unavailable right now; try again in a few seconds") : undefined;
}

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
