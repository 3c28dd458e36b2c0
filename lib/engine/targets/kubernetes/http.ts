/**
 * The client layer: one HTTP exchange with the API server. Everything above it (apply, prune,
 * rollout, check) talks through `KubeHttp`, so a recorded double can stand in for the cluster.
 *
 * TLS and auth options come from @kubernetes/client-node's KubeConfig (the same code kubectl-like
 * tools in Node use); the request itself goes through node:https with the body as given, because
 * the typed client re-serializes built-in kinds and silently drops fields it does not know.
 */
import http from "node:http";
import https from "node:https";
import type { ClusterConnection } from "./connection";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface KubeRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/apis/apps/v1/namespaces/shop/deployments/web`. */
  path: string;
  /** Query parameters, sent in the order given; undefined values are left out. */
  query?: Record<string, string | undefined>;
  /** JSON body (serialized with JSON.stringify, nothing added or dropped). */
  body?: unknown;
  contentType?: string;
}

export interface KubeResponse {
  status: number;
  /** Parsed JSON, or the raw text when the server did not answer JSON. */
  body: unknown;
}

export interface KubeHttp {
  readonly server: string;
  request(request: KubeRequest): Promise<KubeResponse>;
}

/** The request never got an HTTP answer: TLS, DNS, connection or timeout. */
export class KubeTransportError extends Error {
  constructor(
    readonly kind: "tls" | "connection" | "timeout",
    /** Node's error code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, ECONNREFUSED. */
    readonly errno: string,
    message: string,
  ) {
    super(message);
    this.name = "KubeTransportError";
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

export function queryString(query: KubeRequest["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** TLS and auth options for node:https, built by client-node's KubeConfig from the connection. */
async function requestOptions(connection: ClusterConnection): Promise<https.RequestOptions> {
  // Loaded lazily: the client-node index is large and only needed once a cluster is contacted.
  const { KubeConfig } = await import("@kubernetes/client-node");
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: "target",
        server: connection.server,
        ...(connection.certificateAuthorityData ? { caData: connection.certificateAuthorityData } : {}),
        skipTLSVerify: connection.insecureSkipTlsVerify === true,
      },
    ],
    users: [
      {
        name: "baton",
        ...(connection.token ? { token: connection.token } : {}),
        ...(connection.clientCertificateData ? { certData: connection.clientCertificateData } : {}),
        ...(connection.clientKeyData ? { keyData: connection.clientKeyData } : {}),
      },
    ],
    contexts: [{ name: "target", cluster: "target", user: "baton" }],
    currentContext: "target",
  });
  const options: https.RequestOptions = {};
  await config.applyToHTTPSOptions(options);
  // client-node leaves rejectUnauthorized unset unless skipping; be explicit so a stray
  // NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off.
  if (!connection.insecureSkipTlsVerify) options.rejectUnauthorized = true;
  return options;
}

export function createKubeHttp(connection: ClusterConnection): KubeHttp {
  const base = new URL(connection.server);
  const prefix = base.pathname.replace(/\/+$/, "");
  const timeoutMs = connection.requestTimeoutMs ?? 30_000;
  let prepared: Promise<https.RequestOptions> | undefined;
  // One keep-alive agent per target: a deployment sends dozens of requests to the same server.
  const agent = base.protocol === "https:" ? new https.Agent({ keepAlive: true, maxSockets: 8 }) : new http.Agent({ keepAlive: true, maxSockets: 8 });

  return {
    server: connection.server,
    async request(request) {
      prepared ??= requestOptions(connection);
      const tls = await prepared;
      const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
      const headers: Record<string, string> = { ...(tls.headers as Record<string, string> | undefined), Accept: "application/json" };
      if (payload !== undefined) {
        headers["Content-Type"] = request.contentType ?? "application/json";
        headers["Content-Length"] = String(Buffer.byteLength(payload));
      }
      const options: https.RequestOptions = {
        ...tls,
        agent,
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ""),
        port: base.port || (base.protocol === "https:" ? 443 : 80),
        method: request.method,
        path: `${prefix}${request.path}${queryString(request.query)}`,
        headers,
      };
      const send = base.protocol === "https:" ? https.request : http.request;
      const attempt = (retried: boolean): Promise<KubeResponse> =>
        new Promise<KubeResponse>((resolve, reject) => {
          const req = send(options, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", (err) => reject(transportError(err, connection.server)));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              let body: unknown = text;
              if ((res.headers["content-type"] ?? "").includes("json")) {
                try {
                  body = JSON.parse(text);
                } catch {
                  body = text;
                }
              }
              resolve({ status: res.statusCode ?? 0, body });
            });
          });
          req.setTimeout(timeoutMs, () => {
            req.destroy(new KubeTransportError("timeout", "ETIMEDOUT", `no answer from ${connection.server} within ${timeoutMs / 1000} s`));
          });
          req.on("error", (err: Error & { code?: string }) => {
            // A keep-alive socket the server closed while idle: the request never reached it, send it again once.
            if (!retried && req.reusedSocket && err.code === "ECONNRESET") resolve(attempt(true));
            else reject(transportError(err, connection.server));
          });
          if (payload !== undefined) req.write(payload);
          req.end();
        });
      return attempt(false);
    },
  };
}

function transportError(err: Error & { code?: string }, server: string): KubeTransportError {
  if (err instanceof KubeTransportError) return err;
  const code = err.code ?? "UNKNOWN";
  if (TLS_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")) {
    return new KubeTransportError("tls", code, `TLS handshake with ${server} failed: ${err.message} (${code})`);
  }
  if (code === "ETIMEDOUT") return new KubeTransportError("timeout", code, `connection to ${server} timed out`);
  return new KubeTransportError("connection", code, `cannot connect to ${server}: ${err.message}`);
}
