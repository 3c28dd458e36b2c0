#!/usr/bin/env node
// A round-robin load balancer for the e2e suite against several web replicas: listens on
// E2E_PORT and spreads requests over E2E_REPLICA_PORTS (comma-separated), as a cluster's
// Service would. A replica that refuses the connection is skipped for that request, and a
// request lost on a stale kept-alive socket is sent again.
import { Buffer } from "node:buffer";
import http from "node:http";

const port = Number(process.env.E2E_PORT);
const replicas = (process.env.E2E_REPLICA_PORTS ?? "").split(",").filter(Boolean).map(Number);
if (!port || replicas.length === 0) {
  console.error("e2e-balancer: set E2E_PORT and E2E_REPLICA_PORTS");
  process.exit(2);
}
const agent = new http.Agent({ keepAlive: true });
let next = 0;

function forward(req, res, body, tried) {
  const target = replicas[next++ % replicas.length];
  const upstream = http.request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (err) => {
    if (!res.headersSent && tried + 1 < replicas.length && err.code === "ECONNREFUSED") return forward(req, res, body, tried + 1);
    // A kept-alive socket the replica closed as idle just as it was reused: the request never
    // reached the replica, so sending it again (once) is what a real proxy does, not a 502.
    if (!res.headersSent && upstream.reusedSocket && err.code === "ECONNRESET" && tried < replicas.length) return forward(req, res, body, tried + 1);
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`e2e-balancer: replica ${target}: ${err.message}`);
  });
  upstream.end(body);
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => forward(req, res, Buffer.concat(chunks), 0));
  })
  .listen(port, "127.0.0.1", () => console.log(`e2e-balancer on ${port} → ${replicas.join(", ")}`));
