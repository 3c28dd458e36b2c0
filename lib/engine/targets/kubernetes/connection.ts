/**
 * How to reach a cluster: the fields of a kubeconfig cluster + user, as the
 * `humanitec/k8s-cluster` driver carries them (`cluster_data` and secret `credentials`).
 */
export interface ClusterConnection {
  /** API server URL, e.g. `https://1.2.3.4:6443`. */
  server: string;
  /** Base64 PEM of the cluster CA (kubeconfig `certificate-authority-data`). Absent: system CAs. */
  certificateAuthorityData?: string;
  /** Bearer token (service account or static token). */
  token?: string;
  /** Base64 PEM client certificate and key (kubeconfig `client-certificate-data`/`client-key-data`). */
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Skip server certificate verification (kubeconfig `insecure-skip-tls-verify`). Never in production. */
  insecureSkipTlsVerify?: boolean;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
}

/** Problems with a connection that make every request fail: reported before any request is sent. */
export function connectionProblems(connection: ClusterConnection): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(connection.server);
  } catch {
    problems.push(`server "${connection.server}" is not a URL (expected https://host:port)`);
  }
  if (url && url.protocol !== "https:" && url.protocol !== "http:") problems.push(`server "${connection.server}" must use https://`);
  if (url && url.protocol === "http:" && !connection.insecureSkipTlsVerify) {
    problems.push(`server "${connection.server}" uses plain http; use https:// or set insecure-skip-tls-verify`);
  }
  if (!connection.token && !(connection.clientCertificateData && connection.clientKeyData)) {
    problems.push("no credentials: give a token, or client-certificate-data and client-key-data");
  }
  if (Boolean(connection.clientCertificateData) !== Boolean(connection.clientKeyData)) {
    problems.push("client-certificate-data and client-key-data must be given together");
  }
  for (const [field, value] of [
    ["certificate-authority-data", connection.certificateAuthorityData],
    ["client-certificate-data", connection.clientCertificateData],
    ["client-key-data", connection.clientKeyData],
  ] as const) {
    if (value && !decodesToPem(value)) problems.push(`${field} is not base64 of a PEM block`);
  }
  return problems;
}

function decodesToPem(base64: string): boolean {
  return Buffer.from(base64, "base64").toString("utf8").includes("-----BEGIN ");
}
