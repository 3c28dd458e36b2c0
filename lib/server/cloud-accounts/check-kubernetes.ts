import https from "node:https";
import http from "node:http";
import type { KubernetesCredentials } from "./credentials";

export type ClusterCheckResult =
  | { ok: true; version: string; platform?: string }
  | { ok: false; reason: "tls" | "unauthorized" | "forbidden" | "connection" | "timeout" | "http"; message: string };

const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

const decode = (b64: string | undefined) => (b64 ? Buffer.from(b64.replace(/\s+/g, ""), "base64") : undefined);

function describeNetworkError(err: NodeJS.ErrnoException, server: string): ClusterCheckResult {
  const code = err.code ?? "";
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(err.message)) {
    return { ok: false, reason: "tls", message: `TLS verification of ${server} failed (${code || err.message}): check the CA data, or the server name in the URL` };
  }
  if (code === "ECONNREFUSED") return { ok: false, reason: "connection", message: `${server} refused the connection: is the API server running and the port right?` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { ok: false, reason: "connection", message: `the host of ${server} cannot be resolved (${code})` };
  if (code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return { ok: false, reason: "connection", message: `cannot reach ${server} (${code})` };
  return { ok: false, reason: "connection", message: `cannot connect to ${server}: ${err.message}` };
}

/**
 * Calls the cluster's `GET /version` with the account's credentials and reports the server
 * version, or why the call failed (TLS, 401/403, connection, timeout).
 */
export function checkKubernetesCluster(creds: KubernetesCredentials, timeoutMs = 10_000): Promise<ClusterCheckResult> {
  const url = new URL(creds.server);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/version`;
  const isHttps = url.protocol === "https:";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (creds.token) headers.Authorization = `Bearer ${creds.token.trim()}`;
  return new Promise((resolve) => {
    const options: https.RequestOptions = {
      method: "GET",
      headers,
      timeout: timeoutMs,
      ...(isHttps
        ? {
            ca: decode(creds.certificate_authority_data),
            cert: decode(creds.client_certificate_data),
            key: decode(creds.client_key_data),
            rejectUnauthorized: creds.insecure_skip_tls_verify !== true,
          }
        : {}),
    };
    const req = (isHttps ? https : http).request(url, options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 64 * 1024) body += chunk;
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status === 401) return resolve({ ok: false, reason: "unauthorized", message: `${creds.server} answered 401 Unauthorized: the token or client certificate is not accepted` });
        if (status === 403) return resolve({ ok: false, reason: "forbidden", message: `${creds.server} answered 403 Forbidden: the credentials are valid but may not read /version` });
        if (status < 200 || status >= 300) return resolve({ ok: false, reason: "http", message: `${creds.server}/version answered HTTP ${status}` });
        try {
          const info = JSON.parse(body) as { gitVersion?: string; platform?: string };
          if (typeof info.gitVersion !== "string") throw new Error("no gitVersion");
          resolve({ ok: true, version: info.gitVersion, platform: info.platform });
        } catch {
          resolve({ ok: false, reason: "http", message: `${creds.server}/version did not answer with a Kubernetes version (is this an API server?)` });
        }
      });
    });
    req.on("timeout", () => {
      req.destroy();
      resolve({ ok: false, reason: "timeout", message: `${creds.server} did not answer within ${Math.round(timeoutMs / 1000)} s` });
    });
    req.on("error", (err) => resolve(describeNetworkError(err as NodeJS.ErrnoException, creds.server)));
    req.end();
  });
}
