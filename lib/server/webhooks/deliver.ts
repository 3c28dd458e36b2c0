import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./address";

/** What one attempt at a delivery found out. */
export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The start of the receiver's answer, for the delivery log. */
  response: string;
}

export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_SNIPPET = 500;

/**
 * The signature a receiver checks: HMAC-SHA256 with the hook's secret over "timestamp.body",
 * hex, prefixed "sha256=". The timestamp is part of what is signed, so a receiver that refuses
 * old timestamps cannot be replayed an earlier delivery.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A lookup that answers the one address already checked: the connection cannot be rebound elsewhere. */
function pinnedLookup(to: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: to.address, family: to.family }]);
    else callback(null, to.address, to.family);
  }) as unknown as LookupFunction;
}

/** POSTs `body` to `url` at `address`, within `timeoutMs`; never throws. */
export async function postWebhook(opts: { url: URL; address: ResolvedAddress; headers: Record<string, string>; body: string; timeoutMs?: number }): Promise<AttemptResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const client = opts.url.protocol === "https:" ? https : http;
  return await new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const done = (r: Omit<AttemptResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const req = client.request(
      opts.url,
      {
        method: "POST",
        headers: { ...opts.headers, "Content-Length": Buffer.byteLength(opts.body) },
        lookup: pinnedLookup(opts.address),
        // Redirects are not followed (node never does): a 3xx is an answer, not a new target.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < RESPONSE_SNIPPET) chunks.push(c);
          size += c.length;
          // The log keeps a snippet; the rest is not worth waiting for.
          if (size >= RESPONSE_SNIPPET) res.destroy();
        });
        const finish = () => done({ statusCode: res.statusCode ?? null, error: null, response: Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_SNIPPET) });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      done({ statusCode: null, error: `no answer within ${timeoutMs / 1000} s`, response: "" });
      req.destroy();
    }, timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => done({ statusCode: null, error: err.code ? `${err.code}: ${err.message}` : err.message, response: "" }));
    req.end(opts.body);
  });
}
