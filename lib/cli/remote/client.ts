import { CliError } from "./errors";
import type { Settings } from "./config";
import { httpRequest, type HttpRequestInit, type HttpResponse } from "./http";

export interface ApiErrorBody {
  error?: string;
  message?: string;
  details?: { fields?: { field: string; message: string }[]; [k: string]: unknown };
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The transport is injectable so tests can run the CLI against route handlers in-process (`fetch`-shaped). */
export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

let fetchImpl: FetchLike = httpRequest;
export function setFetchForTests(f: FetchLike | undefined): void {
  fetchImpl = f ?? httpRequest;
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Talks to /api/v1 with the resolved settings; errors become messages that say what to do. */
export class ApiClient {
  constructor(readonly settings: Settings) {}

  get orgPath(): string {
    return `/orgs/${encodeURIComponent(this.settings.org)}`;
  }

  private async send(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const { url, token } = this.settings;
    if (!token) {
      throw new CliError("No API token: run `baton login --url URL --token TOKEN`, set BATON_TOKEN (or HUMANITEC_TOKEN), or pass --token (create one under Settings → API tokens)");
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: HttpResponse;
    try {
      res = await fetchImpl(`${url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new CliError(`Cannot reach Baton at ${url} (${networkCause(err)}). Is the server running? Set the address with --url, BATON_URL or \`baton login\`.`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let parsed: ApiErrorBody | undefined;
    try {
      parsed = text ? (JSON.parse(text) as ApiErrorBody) : undefined;
    } catch {
      parsed = undefined;
    }
    const message = parsed?.message ?? (text.slice(0, 200) || res.statusText);
    throw new ApiError(res.status, parsed, describeFailure(res.status, message, this.settings, res.headers.get("retry-after")));
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T = unknown>(path: string) {
    return this.request<T>("GET", path);
  }

  /** Every page of a list, following the Link headers. */
  async list<T = unknown>(path: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = `${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    while (next) {
      const res = await this.send("GET", next);
      out.push(...((await res.json()) as T[]));
      const link = res.headers.get("link");
      const m = link ? /<\/api\/v1([^>]+)>;\s*rel="next"/.exec(link) : null;
      next = m ? m[1] : undefined;
    }
    return out;
  }
}

function describeFailure(status: number, message: string, s: Settings, retryAfter: string | null): string {
  switch (status) {
    case 401:
      return `Authentication failed: ${message}. Check the token (--token, BATON_TOKEN, HUMANITEC_TOKEN or \`baton login\`; token from ${s.sources.token ?? "nowhere"}).`;
    case 403:
      return `Permission denied: ${message}`;
    case 404:
      return message.includes("Organization") ? `${message} (org "${s.org}" from ${s.sources.org}; set --org, BATON_ORG or HUMANITEC_ORG)` : message;
    case 429:
      return `Rate limited: ${message}${retryAfter ? ` (retry after ${retryAfter} s)` : ""}`;
    default:
      return message;
  }
}
