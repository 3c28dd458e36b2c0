/**
 * The server half of bench/api.ts, run as its own process: serves GET
 * /api/v1/orgs/{org}/apps/{app}/envs/{env}/deploys with the real route handler (auth, rate
 * limiting, permission, SQL paging) over node:http, from BATON_DATA_DIR's database.
 */
import http from "node:http";
import { GET as listDeploys } from "@/app/api/v1/orgs/[orgId]/apps/[appId]/envs/[envId]/deploys/route";

const PATTERN = /^\/api\/v1\/orgs\/([^/]+)\/apps\/([^/]+)\/envs\/([^/]+)\/deploys$/;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://bench.local");
  const m = PATTERN.exec(url.pathname);
  if (req.method !== "GET" || !m) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await listDeploys(new Request(url, { headers }), { params: Promise.resolve({ orgId: m[1], appId: m[2], envId: m[3] }) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`listening ${port}\n`);
});
