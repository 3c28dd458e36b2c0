import { DriverError, emptyOutput, isPlainObject, type Driver, type JsonObject } from "./types";

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * `humanitec/k8s-cluster`: a generic cluster from `cluster_data` (server, CA) and secret
 * `credentials` (a token, or a client certificate and key). Produces a Kubernetes target.
 */
export const k8sClusterDriver: Driver = {
  type: "humanitec/k8s-cluster",
  provision(input) {
    const values = input.driver.values;
    const clusterData = isPlainObject(values.cluster_data) ? values.cluster_data : {};
    const server = str(clusterData.server);
    if (!server) throw new DriverError("driver_inputs.values.cluster_data.server is required");
    const credentials = isPlainObject(input.driver.secrets.credentials) ? (input.driver.secrets.credentials as JsonObject) : {};
    const token = str(credentials.token);
    const cert = str(credentials["client-certificate-data"]);
    const key = str(credentials["client-key-data"]);
    if (!token && !(cert && key)) {
      throw new DriverError("driver_inputs.secrets.credentials needs a token, or client-certificate-data and client-key-data");
    }
    const loadbalancer = str(values.loadbalancer) ?? str(values.load_balancer);
    const name = str(values.name);
    const ca = str(clusterData["certificate-authority-data"]);
    return {
      ...emptyOutput(),
      values: {
        cluster_type: "generic",
        ...(name ? { name } : {}),
        ...(loadbalancer ? { loadbalancer } : {}),
        server,
      },
      secrets: { credentials: { ...credentials }, ...(input.driver.secrets.agent_url !== undefined ? { agent_url: input.driver.secrets.agent_url } : {}) },
      target: {
        kind: "kubernetes",
        ...(name ? { name } : {}),
        server,
        ...(ca ? { certificate_authority_data: ca } : {}),
        ...(clusterData["insecure-skip-tls-verify"] === true ? { insecure_skip_tls_verify: true } : {}),
        ...(loadbalancer ? { loadbalancer } : {}),
        credentials: { ...(token ? { token: true as const } : {}), ...(cert && key ? { client_certificate: true as const } : {}) },
        ...(input.driver.secrets.agent_url !== undefined ? { agent_url: true } : {}),
      },
    };
  },
};

/**
 * `humanitec/k8s-cluster-git`: GitOps — objects are committed to `url`/`branch`/`path`.
 * `runtime_server` (+ `runtime_certificate_authority_data`, and `credentials.runtime_token`
 * among the secrets) give Baton read access to the cluster that syncs the repository, for the
 * environment's runtime.
 */
export const k8sClusterGitDriver: Driver = {
  type: "humanitec/k8s-cluster-git",
  provision(input) {
    const values = input.driver.values;
    const url = str(values.url);
    if (!url) throw new DriverError("driver_inputs.values.url is required");
    const branch = str(values.branch) ?? "main";
    const path = str(values.path) ?? "";
    const loadbalancer = str(values.loadbalancer);
    const credentials = isPlainObject(input.driver.secrets.credentials) ? (input.driver.secrets.credentials as JsonObject) : {};
    const runtimeServer = str(values.runtime_server);
    const runtimeCa = str(values.runtime_certificate_authority_data);
    return {
      ...emptyOutput(),
      values: { cluster_type: "git", url, branch, path, ...(loadbalancer ? { loadbalancer } : {}), ...(runtimeServer ? { runtime_server: runtimeServer } : {}), ...(runtimeCa ? { runtime_certificate_authority_data: runtimeCa } : {}) },
      secrets: { credentials: { ...credentials } },
      target: {
        kind: "gitops",
        url,
        branch,
        path,
        ...(loadbalancer ? { loadbalancer } : {}),
        credentials: {
          ...(str(credentials.ssh_key) ? { ssh_key: true as const } : {}),
          ...(str(credentials.password) ? { password: true as const } : {}),
        },
      },
    };
  },
};
