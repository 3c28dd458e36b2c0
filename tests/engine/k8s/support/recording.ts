/**
 * The client-layer double: exchanges recorded from the real apiserver at the KubeHttp boundary,
 * replayed by request. Same request (connection, method, path+query, body) → the recorded
 * answers in order, the last one repeating (rollout polls and the kubelet loop ask more or fewer
 * times depending on timing). A request that was never recorded fails loudly: re-record.
 */
import { KubeTransportError, queryString, type KubeHttp, type KubeRequest, type KubeResponse } from "@/lib/engine/targets/kubernetes/http";

export interface Exchange {
  via: string;
  method: string;
  path: string;
  body?: unknown;
  status?: number;
  response?: unknown;
  error?: { kind: KubeTransportError["kind"]; errno: string; message: string };
}

export interface Fixture {
  case: string;
  run_id: string;
  server: string;
  server_version: string;
  recorded_with: string;
  exchanges: Exchange[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function keyOf(via: string, method: string, path: string, body: unknown): string {
  return `${via} ${method} ${path} ${body === undefined ? "" : canonical(body)}`;
}

/** Wraps a real client and appends every exchange to `log`. */
export function recordingHttp(inner: KubeHttp, via: string, log: Exchange[]): KubeHttp {
  return {
    server: inner.server,
    async request(request: KubeRequest): Promise<KubeResponse> {
      const entry: Exchange = { via, method: request.method, path: `${request.path}${queryString(request.query)}`, ...(request.body !== undefined ? { body: request.body } : {}) };
      log.push(entry);
      try {
        const response = await inner.request(request);
        entry.status = response.status;
        entry.response = response.body;
        return response;
      } catch (error) {
        if (error instanceof KubeTransportError) entry.error = { kind: error.kind, errno: error.errno, message: error.message };
        throw error;
      }
    },
  };
}

export class Replay {
  private readonly queues = new Map<string, Exchange[]>();
  readonly unmatched: string[] = [];

  constructor(readonly fixture: Fixture) {
    for (const exchange of fixture.exchanges) {
      const key = keyOf(exchange.via, exchange.method, exchange.path, exchange.body);
      const queue = this.queues.get(key) ?? [];
      queue.push(exchange);
      this.queues.set(key, queue);
    }
  }

  http(via: string): KubeHttp {
    return {
      server: this.fixture.server,
      request: async (request) => {
        const path = `${request.path}${queryString(request.query)}`;
        const key = keyOf(via, request.method, path, request.body);
        const queue = this.queues.get(key);
        if (!queue?.length) {
          this.unmatched.push(key);
          throw new Error(`test double: no recorded answer for ${via} ${request.method} ${path} in fixture "${this.fixture.case}"; re-record with BATON_RECORD_K8S=1 against the real cluster`);
        }
        const exchange = queue.length > 1 ? queue.shift()! : queue[0]!;
        // Yield like a network round trip would, so concurrent loops interleave.
        await new Promise((resolve) => setImmediate(resolve));
        if (exchange.error) throw new KubeTransportError(exchange.error.kind, exchange.error.errno, exchange.error.message);
        return { status: exchange.status!, body: structuredClone(exchange.response) };
      },
    };
  }
}
