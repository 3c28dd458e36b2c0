/**
 * What each built-in driver provisions and reads, as Humanitec's Driver Definitions describe
 * drivers (`type`, `account_types`, `inputs_schema`): a JSON Schema of `driver_inputs` with its
 * `values` and `secrets`. Served by the drivers API; the registry (registry.ts) runs them.
 */

export interface DriverDescription {
  /** `driver_type`. */
  id: string;
  /** The resource type it provisions, or `any` for generic drivers. */
  type: string;
  account_types: string[];
  inputs_schema: Record<string, unknown>;
}

const str = (description: string) => ({ type: "string", description });
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
});
const inputs = (values: Record<string, unknown> | null, secrets: Record<string, unknown> | null = null) => ({
  type: "object",
  properties: { ...(values ? { values } : {}), ...(secrets ? { secrets } : {}) },
  ...(values && "required" in values ? { required: ["values"] } : {}),
});

const templates = obj({
  init: str("Go template rendered first; its YAML output is available as .init"),
  manifests: { description: "Go template (or map of location/data) producing Kubernetes manifests" },
  outputs: str("Go template producing the resource's outputs"),
  secrets: str("Go template producing the resource's secret outputs"),
  cookie: str("Go template producing the cookie kept for the next deployment"),
});

export const BUILT_IN_DRIVERS: readonly DriverDescription[] = [
  {
    id: "humanitec/echo",
    type: "any",
    account_types: [],
    inputs_schema: inputs({ type: "object", description: "Returned as the resource's outputs", additionalProperties: true }, { type: "object", description: "Returned as the resource's secret outputs", additionalProperties: true }),
  },
  {
    id: "humanitec/template",
    type: "any",
    account_types: [],
    inputs_schema: inputs(obj({ templates }, ["templates"]), obj({ templates: obj({ outputs: str("Go template producing secret outputs") }) })),
  },
  {
    id: "humanitec/k8s-cluster",
    type: "k8s-cluster",
    account_types: ["kubernetes"],
    inputs_schema: inputs(
      obj({ name: str("Cluster name"), loadbalancer: str("IP or host name of the cluster's load balancer"), cluster_data: obj({ server: str("API server URL"), "certificate-authority-data": str("Base64 CA bundle") }, ["server"]) }, ["cluster_data"]),
      obj({ credentials: obj({ token: str("Bearer token"), "client-certificate-data": str("Base64 client certificate"), "client-key-data": str("Base64 client key") }), agent_url: str("Humanitec agent URL") }),
    ),
  },
  {
    id: "humanitec/k8s-cluster-git",
    type: "k8s-cluster",
    account_types: [],
    inputs_schema: inputs(obj({ url: str("Git repository URL (file://, https:// or ssh://)"), branch: str("Branch (default main)"), path: str("Folder in the repository"), loadbalancer: str("Load balancer address") }, ["url"]), obj({ credentials: obj({ ssh_key: str("Private SSH key"), password: str("HTTPS password"), token: str("HTTPS token"), known_hosts: str("Pinned SSH host keys") }) })),
  },
  {
    id: "humanitec/volume-pvc",
    type: "volume",
    account_types: [],
    inputs_schema: inputs(obj({ storage_class_name: str("StorageClass of the claim"), capacity: str("Requested size, e.g. 10Gi"), access_modes: str("Access mode, e.g. ReadWriteOnce") })),
  },
  {
    id: "humanitec/volume-nfs",
    type: "volume",
    account_types: [],
    inputs_schema: inputs(obj({ server: str("NFS server"), path: str("Exported path"), capacity: str("Size, e.g. 10Gi") }, ["server"])),
  },
  {
    id: "humanitec/hpa",
    type: "horizontal-pod-autoscaler",
    account_types: [],
    inputs_schema: inputs(obj({ minReplicas: { type: "integer" }, maxReplicas: { type: "integer" }, targetCPUUtilizationPercentage: { type: "integer" } })),
  },
  {
    id: "humanitec/dns-wildcard",
    type: "dns",
    account_types: [],
    inputs_schema: inputs(obj({ domain: str("The wildcard domain"), template: str("Go template for the sub-domain") }, ["domain"])),
  },
  {
    id: "humanitec/ingress",
    type: "ingress",
    account_types: [],
    inputs_schema: inputs(obj({ class: str("IngressClass"), path_type: str("Prefix, Exact or ImplementationSpecific"), tls_secret_name: str("TLS secret"), no_tls: { type: "boolean" }, annotations: { type: "object" }, labels: { type: "object" } })),
  },
  {
    id: "baton/none",
    type: "k8s-cluster",
    account_types: [],
    inputs_schema: inputs(null),
  },
];
