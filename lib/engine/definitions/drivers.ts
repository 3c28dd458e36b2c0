/**
 * The driver catalogue. Driver ids are Humanitec's, unchanged, so real definitions import.
 * `available: false` drivers are accepted (import, storage, UI) but Baton cannot run them in
 * this install; a deployment that needs one fails naming the driver.
 *
 * Inputs schemas list the keys each driver reads. Unknown keys are reported as warnings, not
 * errors (see validate.ts), because Humanitec drivers ignore extra inputs.
 */
import { bool, freeObject, int, obj, str, type JsonSchema } from "@/lib/engine/resource-types/json-schema";

/** Accepts any resource type. */
export const GENERIC_DRIVER = "*";

export interface DriverDefinition {
  /** `driver_type` in definitions, e.g. `humanitec/template`. */
  id: string;
  name: string;
  description: string;
  /** Resource types the driver can provision; `["*"]` for generic drivers. */
  types: string[];
  /** Cloud account types accepted in `driver_account`; empty when the driver takes none. */
  account_types: string[];
  inputs_schema: { values: JsonSchema; secrets: JsonSchema };
  available: boolean;
  /** Why the driver cannot run here (shown as "driver not available: …"). */
  unavailable_reason?: string;
  /** Paths (relative to driver_inputs) whose strings are Go templates. */
  template_paths?: string[];
}

const templateSet = (what: string): JsonSchema =>
  obj(
    {
      init: { type: ["string", "object"], description: `Go template rendered first; its YAML result is \`.init\` in the other templates${what}.` },
      manifests: {
        type: ["string", "object"],
        description: "Go template rendering a map of `<name>: {location, data}`, or such a map whose `data` are templates.",
      },
      outputs: { type: ["string", "object"], description: "Go template rendering the value outputs (YAML map)." },
      secrets: { type: ["string", "object"], description: "Go template rendering the secret outputs (YAML map)." },
      cookie: { type: ["string", "object"], description: "Go template rendering the cookie kept for the next provisioning (as `.cookie`)." },
    },
    { closed: true },
  );

const k8sCredentials = obj(
  {
    token: str("Bearer token."),
    "client-certificate-data": str("Base64 PEM client certificate."),
    "client-key-data": str("Base64 PEM client key."),
  },
  { closed: true },
);

const agentUrl = str("URL of the Humanitec Agent, usually `${resources['agent#agent'].outputs.url}`.");

function unavailable(
  id: string,
  name: string,
  description: string,
  types: string[],
  reason: string,
  inputs: { values?: JsonSchema; secrets?: JsonSchema } = {},
  account_types: string[] = [],
): DriverDefinition {
  return {
    id,
    name,
    description,
    types,
    account_types,
    inputs_schema: { values: inputs.values ?? freeObject(), secrets: inputs.secrets ?? freeObject() },
    available: false,
    unavailable_reason: reason,
  };
}

const CLOUD_CLUSTER_REASON = "cloud cluster drivers need the cloud provider's API; use humanitec/k8s-cluster with a kubeconfig instead";
const RUNNER_REASON = "Baton does not run Terraform/OpenTofu or runner containers in this install";

const catalogue: DriverDefinition[] = [
  // ── available ──────────────────────────────────────────────────────────────────────────
  {
    id: "humanitec/template",
    name: "Template",
    description: "Renders Go templates (with Sprig) into outputs, secrets, manifests and a cookie.",
    types: [GENERIC_DRIVER],
    account_types: [],
    inputs_schema: {
      values: obj({ templates: templateSet("") }),
      secrets: obj({ templates: templateSet("; results are secret") }),
    },
    available: true,
    template_paths: ["values.templates", "secrets.templates"],
  },
  {
    id: "humanitec/echo",
    name: "Echo",
    description: "Provisions nothing: returns `values` as value outputs and `secrets` / `secret_refs` as secret outputs.",
    types: [GENERIC_DRIVER],
    account_types: [],
    inputs_schema: { values: freeObject("Returned as value outputs."), secrets: freeObject("Returned as secret outputs.") },
    available: true,
  },
  {
    id: "humanitec/k8s-cluster",
    name: "Kubernetes cluster (kubeconfig)",
    description: "A cluster reached with a server URL, CA data and a token or client certificate.",
    types: ["k8s-cluster"],
    account_types: ["kubernetes"],
    inputs_schema: {
      values: obj(
        {
          name: str("Cluster name."),
          loadbalancer: str("Address of the ingress load balancer."),
          cluster_data: obj(
            {
              server: str("API server URL."),
              "certificate-authority-data": str("Base64 PEM CA bundle."),
              "insecure-skip-tls-verify": bool(),
              "proxy-url": str(),
              "tls-server-name": str(),
            },
            { required: ["server"] },
          ),
        },
        { required: ["cluster_data"], closed: true },
      ),
      secrets: obj({ credentials: k8sCredentials, agent_url: agentUrl }, { closed: true }),
    },
    available: true,
  },
  {
    id: "humanitec/k8s-cluster-git",
    name: "GitOps repository",
    description: "Commits the environment's manifests to a Git repository instead of applying them.",
    types: ["k8s-cluster"],
    account_types: [],
    inputs_schema: {
      values: obj(
        {
          url: str("Repository URL (ssh or https)."),
          branch: str("Branch to commit to."),
          path: str("Folder inside the repository, e.g. `${context.app.id}/${context.env.id}`."),
          loadbalancer: str("Address of the ingress load balancer."),
        },
        { required: ["url"], closed: true },
      ),
      secrets: obj(
        {
          credentials: obj(
            {
              ssh_key: str("Private SSH key."),
              known_hosts: str("Pinned SSH host keys in known_hosts format (e.g. `ssh-keyscan` output); without it the first host key seen is trusted and recorded."),
              password: str("Password or token for https."),
              username: str(),
            },
            { closed: true },
          ),
        },
        { closed: true },
      ),
    },
    available: true,
  },
  {
    id: "humanitec/ingress",
    name: "Ingress",
    description: "Creates an Ingress for a DNS host and the routes that use it.",
    types: ["ingress"],
    account_types: [],
    inputs_schema: {
      values: obj({
        annotations: freeObject("Annotations added to the Ingress."),
        labels: freeObject("Labels added to the Ingress."),
        api_version: { type: "string", enum: ["v1", "v1beta1"], description: "networking.k8s.io API version." },
        class: str("Ingress class name."),
        no_tls: bool("Do not add a TLS section."),
        path_type: { type: "string", enum: ["Prefix", "Exact", "ImplementationSpecific"] },
        tls_secret_name: str("Secret holding the TLS certificate."),
        default_http_backend: freeObject(),
      }, { closed: true }),
      secrets: freeObject(),
    },
    available: true,
  },
  {
    id: "humanitec/volume-pvc",
    name: "Volume (PersistentVolumeClaim)",
    description: "Creates a PersistentVolumeClaim and mounts it into the workload.",
    types: ["volume"],
    account_types: [],
    inputs_schema: {
      values: obj({
        access_modes: str("Comma-separated access modes, e.g. `ReadWriteOnce`."),
        capacity: str("Requested size, e.g. `10Gi`."),
        storage_class_name: str("StorageClass; the cluster default when omitted."),
      }, { closed: true }),
      secrets: freeObject(),
    },
    available: true,
  },
  {
    id: "humanitec/volume-nfs",
    name: "Volume (NFS)",
    description: "Creates an NFS PersistentVolume and claim and mounts it into the workload.",
    types: ["volume"],
    account_types: [],
    inputs_schema: {
      values: obj(
        {
          server: str("NFS server host."),
          path: str("Exported path."),
          access_modes: str("Comma-separated access modes."),
          capacity: str("Size, e.g. `10Gi`."),
        },
        { required: ["server"], closed: true },
      ),
      secrets: freeObject(),
    },
    available: true,
  },
  {
    id: "humanitec/dns-wildcard",
    name: "DNS (wildcard domain)",
    description: "Host names under a wildcard domain that already points at the cluster's ingress.",
    types: ["dns"],
    account_types: [],
    inputs_schema: {
      values: obj(
        {
          domain: str("Wildcard domain, e.g. `apps.example.com`."),
          template: str("Go template for the sub-domain (placeholders are resolved first)."),
        },
        { required: ["domain"], closed: true },
      ),
      secrets: freeObject(),
    },
    available: true,
    template_paths: ["values.template"],
  },
  {
    id: "humanitec/hpa",
    name: "Horizontal pod autoscaler",
    description: "Creates a HorizontalPodAutoscaler for the workload.",
    types: ["horizontal-pod-autoscaler"],
    account_types: [],
    inputs_schema: {
      values: obj({
        minReplicas: int(),
        maxReplicas: int(),
        targetCPUUtilizationPercentage: int(),
        targetMemoryUtilizationPercentage: int(),
      }, { closed: true }),
      secrets: freeObject(),
    },
    available: true,
  },

  // ── accepted, not runnable here ────────────────────────────────────────────────────────
  unavailable(
    "humanitec/k8s-cluster-gke",
    "GKE cluster",
    "A Google Kubernetes Engine cluster.",
    ["k8s-cluster"],
    CLOUD_CLUSTER_REASON,
    {
      values: obj({ name: str(), project_id: str(), zone: str(), loadbalancer: str(), proxy_url: str() }, { required: ["name", "project_id", "zone"] }),
      secrets: obj({ credentials: { type: ["object", "string"] }, agent_url: agentUrl }),
    },
    ["gcp", "gcp-identity"],
  ),
  unavailable(
    "humanitec/k8s-cluster-eks",
    "EKS cluster",
    "An Amazon Elastic Kubernetes Service cluster.",
    ["k8s-cluster"],
    CLOUD_CLUSTER_REASON,
    {
      values: obj({ name: str(), region: str(), loadbalancer: str(), loadbalancer_hosted_zone: str() }, { required: ["name", "region"] }),
      secrets: obj({ credentials: obj({ aws_access_key_id: str(), aws_secret_access_key: str() }), agent_url: agentUrl }),
    },
    ["aws", "aws-role"],
  ),
  unavailable(
    "humanitec/k8s-cluster-aks",
    "AKS cluster",
    "An Azure Kubernetes Service cluster.",
    ["k8s-cluster"],
    CLOUD_CLUSTER_REASON,
    {
      values: obj(
        { name: str(), resource_group: str(), subscription_id: str(), server_app_id: str(), loadbalancer: str() },
        { required: ["name", "resource_group", "subscription_id"] },
      ),
      secrets: obj({ credentials: obj({ appId: str(), displayName: str(), password: str(), tenant: str() }), agent_url: agentUrl }),
    },
    ["azure", "azure-identity"],
  ),
  unavailable(
    "humanitec/agent",
    "Humanitec Agent",
    "Exposes an agent running in a private network as an HTTP proxy URL.",
    ["agent"],
    "the Humanitec Agent connects to Humanitec's SaaS, which Baton replaces",
    { values: obj({ id: str("Agent id.") }, { required: ["id"] }) },
  ),
  unavailable("humanitec/terraform", "Terraform", "Runs a Terraform module; its outputs become resource outputs.", [GENERIC_DRIVER], RUNNER_REASON, {
    values: obj({
      source: obj({ url: str(), path: str(), rev: str() }),
      script: str(),
      files: freeObject(),
      variables: freeObject(),
      credentials_config: freeObject(),
      use_default_backend: bool(),
      append_logs_to_error: bool(),
    }),
  }, ["aws", "aws-role", "gcp", "gcp-identity", "azure", "azure-identity"]),
  unavailable("humanitec/terraform-runner", "Terraform runner", "Runs Terraform in a runner pod in the customer's cluster.", [GENERIC_DRIVER], RUNNER_REASON),
  unavailable("humanitec/terraform-container", "Terraform container", "Runs Terraform in a container in the customer's cluster.", [GENERIC_DRIVER], RUNNER_REASON),
  unavailable("humanitec/opentofu-container-runner", "OpenTofu container runner", "Runs OpenTofu in a runner pod.", [GENERIC_DRIVER], RUNNER_REASON),
  unavailable("humanitec/container", "Container", "Runs an arbitrary IaC container in a runner pod.", [GENERIC_DRIVER], RUNNER_REASON),
  unavailable("humanitec/static", "Static", "Legacy: fixed outputs (use humanitec/echo).", [GENERIC_DRIVER], "legacy driver; humanitec/echo does the same"),
  unavailable("humanitec/newapp-io-dns", "newapp.io DNS", "Humanitec-hosted DNS names.", ["dns"], "newapp.io is a Humanitec SaaS service"),
  unavailable("humanitec/newapp-io-tls", "newapp.io TLS", "Humanitec-hosted TLS certificates.", ["tls-cert"], "newapp.io is a Humanitec SaaS service"),
  unavailable("humanitec/dns-cloudflare", "Cloudflare DNS", "DNS records in Cloudflare.", ["dns"], "needs the Cloudflare API"),
  unavailable("humanitec/dns-aws-route53", "Route 53 DNS", "DNS records in AWS Route 53.", ["dns"], "needs the AWS API", {}, ["aws", "aws-role"]),
  unavailable("humanitec/postgres", "PostgreSQL (existing instance)", "A database in an existing PostgreSQL server.", ["postgres"], "use the in-cluster pack or humanitec/template", {
    values: obj({ host: str(), port: int(), name: str() }),
    secrets: obj({ dbcredentials: obj({ username: str(), password: str() }) }),
  }),
  unavailable("humanitec/postgres-cloudsql", "Cloud SQL PostgreSQL", "A database in a Cloud SQL instance.", ["postgres"], "needs the Google Cloud API", {}, ["gcp", "gcp-identity"]),
  unavailable("humanitec/postgres-cloudsql-static", "Cloud SQL PostgreSQL (static)", "An existing Cloud SQL database.", ["postgres"], "needs the Google Cloud API", {}, ["gcp", "gcp-identity"]),
  unavailable("humanitec/mariadb-cloudsql", "Cloud SQL MariaDB", "A database in a Cloud SQL instance.", ["mariadb", "mysql"], "needs the Google Cloud API", {}, ["gcp", "gcp-identity"]),
  unavailable("humanitec/s3", "Amazon S3", "An S3 bucket.", ["s3"], "needs the AWS API", {}, ["aws", "aws-role"]),
  unavailable("humanitec/logging-k8s", "Kubernetes logging", "Reads logs from the cluster.", ["logging"], "Baton reads logs through its own k8s target"),
  unavailable("humanitec/logging-gcp", "GCP logging", "Reads logs from Cloud Logging.", ["logging"], "needs the Google Cloud API", {}, ["gcp", "gcp-identity"]),
];


export const DRIVERS: readonly DriverDefinition[] = Object.freeze(catalogue.map((d) => Object.freeze(d)));

const driversById = new Map(DRIVERS.map((d) => [d.id, d]));

export function getDriver(id: string): DriverDefinition | undefined {
  return driversById.get(id);
}

export function listDrivers(): DriverDefinition[] {
  return [...DRIVERS];
}

export function isDriverAvailable(id: string): boolean {
  return driversById.get(id)?.available === true;
}

export function driverSupportsType(driver: DriverDefinition, type: string): boolean {
  return driver.types.includes(GENERIC_DRIVER) || driver.types.includes(type);
}

/** The message a deployment fails with when it needs a driver Baton cannot run. */
export function driverNotAvailableMessage(id: string): string {
  const driver = driversById.get(id);
  if (!driver) return `driver "${id}" is unknown to Baton`;
  return `driver not available: "${id}" cannot run in this install (${driver.unavailable_reason ?? "not supported"})`;
}
