import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@/lib/server/logger";
import { renderMetrics } from "@/lib/server/metrics";
import { getRuntime } from "@/lib/server/runtime";
import { livenessOfThisProcess, readinessOfThisProcess } from "./respond";
import type { HealthResult } from "./checks";

/**
 * The worker process (`npm run worker`, BATON_ROLE=worker) has no Next.js server: this tiny
 * listener (BATON_WORKER_HEALTH_PORT) serves the same probes and metrics as the web server,
 * at the same paths, so Kubernetes probes and Prometheus treat both roles alike. It answers
 * GET only and nothing else — no application data, no sign-in.
 */
export function startHealthServer(opts: { port: number; host: string; log: Logger }): Promise<http.Server> {
  const send = (res: http.ServerResponse, status: number, body: string, type: string) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(body);
  };
  const sendHealth = (res: http.ServerResponse, r: HealthResult) => send(res, r.httpStatus, JSON.stringify(r.body), "application/json");

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, JSON.stringify({ error: "only GET" }), "application/json");
    void (async () => {
      switch (path) {
        case "/api/health/live":
          return sendHealth(res, livenessOfThisProcess());
        case "/api/health":
        case "/api/health/ready":
          return sendHealth(res, await readinessOfThisProcess());
        case "/api/metrics": {
          const { body, contentType } = await renderMetrics((await getRuntime()).db);
          return send(res, 200, body, contentType);
        }
        default:
          return send(res, 404, JSON.stringify({ error: `no such path ${path}: this worker serves /api/health/live, /api/health/ready and /api/metrics` }), "application/json");
      }
    })().catch((err) => {
      opts.log.error({ err, path }, "health listener request failed");
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: "internal error" }), "application/json");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`BATON_WORKER_HEALTH_PORT: cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`)));
    server.listen(opts.port, opts.host, () => {
      const { port } = server.address() as AddressInfo;
      opts.log.info({ host: opts.host, port }, "worker health listener started");
      resolve(server);
    });
  });
}
