/**
 * The server half of bench/cli.ts, run as its own process: serves GET /api/v1/orgs/{org}/apps
 * with the real route handler (token auth, rate limiting, permission, SQL) over node:http, from
 * BATON_DATA_DIR's database.
 */
import http from "node:http";
import { GET as listApps } from "@/app/api/v1/orgs/[orgId]/apps/route";

const PATTERN = /^\/api\/v1\/orgs\/([^/]+)\/apps$/;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://bench.local");
  const m = PATTERN.exec(url.pathname);
  if (req.method !== "GET" || !m) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "API-404", message: "not served by the bench server" }));
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await listApps(new Request(url, { headers }), { params: Promise.resolve({ orgId: m[1] }) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`listening ${port}\n`);
});
