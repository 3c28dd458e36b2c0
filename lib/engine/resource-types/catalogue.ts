/**
 * The built-in resource types (read-only). Output keys follow the Humanitec resource-type
 * reference and the Score reference provisioners (score.md §10), which are the keys real Score
 * files read: a Score file written for score-k8s must find the same outputs here.
 * Secret outputs are the credentials; everything else is a value.
 */
import { anyValue, emptyObject, freeObject, int, list, obj, str, type JsonSchema } from "./json-schema";

export type ResourceTypeUse = "direct" | "indirect" | "implicit";

export interface ResourceType {
  /** The type id used in Score `resources.*.type`, definitions and criteria. */
  type: string;
  name: string;
  category: string;
  use: ResourceTypeUse;
  description: string;
  /** Schema of the resource's inputs (Score `params`, or the module for `workload`). */
  inputs_schema: JsonSchema;
  outputs_schema: { values: JsonSchema; secrets: JsonSchema };
  /** Built-in entries are read-only; custom types are `<orgId>/<name>`. */
  builtin: boolean;
}

const noInputs = (): JsonSchema => freeObject("No inputs are defined for this type; params are passed through.");

function outputs(values: JsonSchema, secrets: JsonSchema = emptyObject()) {
  return { values, secrets };
}

function databaseType(type: string, name: string, port: number, description: string): ResourceType {
  return {
    type,
    name,
    category: "datastore",
    use: "direct",
    description,
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj(
        {
          host: str("Host name to connect to."),
          port: int(`Port to connect to (usually ${port}).`),
          name: str("Database name."),
          database: str("Database name (same as `name`; the key score-k8s provisioners emit)."),
        },
        { required: ["host", "port", "name"] },
      ),
      obj({ username: str("User to connect as."), password: str("Password of that user.") }, { required: ["username", "password"] }),
    ),
    builtin: true,
  };
}

function instanceType(type: string, name: string, description: string): ResourceType {
  return {
    type,
    name,
    category: "datastore",
    use: "direct",
    description,
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ host: str("Host name of the server."), port: int("Port of the server."), name: str("Instance name.") }, { required: ["host", "port"] }),
      obj({ username: str("Administrative user."), password: str("Password of that user.") }),
    ),
    builtin: true,
  };
}

const amqpOutputs = () =>
  outputs(
    obj({ host: str("Broker host."), port: int("AMQP port (usually 5672)."), vhost: str("Virtual host.") }, { required: ["host", "port"] }),
    obj({ username: str("User to connect as."), password: str("Password of that user.") }, { required: ["username", "password"] }),
  );

const catalogue: ResourceType[] = [
  // ── implicit: added to every deployment ────────────────────────────────────────────────
  {
    type: "workload",
    name: "Workload",
    category: "kubernetes",
    use: "implicit",
    description:
      "One per workload (module). Its definition can patch the workload before rendering through the `update` output (JSON-Patch operations).",
    inputs_schema: freeObject("The module: `id`, `spec` (containers, service, pod, deployment …), `profile`."),
    outputs_schema: outputs(
      obj({
        update: list(
          obj({ op: { type: "string", enum: ["add", "remove", "replace"] }, path: str(), value: anyValue() }, { required: ["op", "path"] }),
          "JSON-Patch operations applied to the module before it is rendered.",
        ),
      }),
    ),
    builtin: true,
  },
  {
    type: "k8s-cluster",
    name: "Kubernetes cluster",
    category: "kubernetes",
    use: "implicit",
    description: "The cluster (or GitOps repository) an environment deploys to.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({
        name: str("Cluster name."),
        loadbalancer: str("Address (IP or host name) of the cluster's ingress load balancer."),
        cluster_type: str("e.g. `generic`, `gke`, `eks`, `aks`, `git`."),
        cluster_data: freeObject("Connection data: `server`, `certificate-authority-data` …"),
      }),
      obj({
        credentials: freeObject("Credentials: `token`, or `client-certificate-data` and `client-key-data`."),
        agent_url: str("URL of the agent to reach a private cluster."),
      }),
    ),
    builtin: true,
  },
  {
    type: "k8s-namespace",
    name: "Kubernetes namespace",
    category: "kubernetes",
    use: "implicit",
    description: "The namespace an environment's workloads and namespaced manifests go to.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ namespace: str("Namespace name (RFC 1123 label).") }, { required: ["namespace"] })),
    builtin: true,
  },
  {
    type: "base-env",
    name: "Base environment",
    category: "kubernetes",
    use: "implicit",
    description: "Environment-wide objects (quotas, network policies, secret stores) provisioned once per environment.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(freeObject()),
    builtin: true,
  },
  {
    type: "logging",
    name: "Logging",
    category: "kubernetes",
    use: "implicit",
    description: "Where container logs are read from.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(freeObject()),
    builtin: true,
  },

  // ── direct: usable in Score `resources` ────────────────────────────────────────────────
  databaseType("postgres", "PostgreSQL database", 5432, "A PostgreSQL database with its own user."),
  instanceType("postgres-instance", "PostgreSQL instance", "A PostgreSQL server, typically referenced by `postgres` definitions."),
  databaseType("mysql", "MySQL database", 3306, "A MySQL database with its own user."),
  instanceType("mysql-instance", "MySQL instance", "A MySQL server, typically referenced by `mysql` definitions."),
  databaseType("mariadb", "MariaDB database", 3306, "A MariaDB database with its own user."),
  {
    type: "mssql",
    name: "Microsoft SQL Server database",
    category: "datastore",
    use: "direct",
    description: "A SQL Server database.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ server: str("Server host."), host: str("Server host."), port: int("Port (usually 1433)."), database: str(), name: str() }),
      obj({ username: str(), password: str(), connection: str("ADO.NET connection string (contains the password).") }),
    ),
    builtin: true,
  },
  {
    type: "redis",
    name: "Redis",
    category: "datastore",
    use: "direct",
    description: "A Redis server.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ host: str("Host name."), port: int("Port (usually 6379).") }, { required: ["host", "port"] }),
      obj({ username: str("ACL user (may be empty)."), password: str("Password (may be empty).") }),
    ),
    builtin: true,
  },
  {
    type: "mongodb",
    name: "MongoDB",
    category: "datastore",
    use: "direct",
    description: "A MongoDB database.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ host: str(), port: int("Port (usually 27017)."), name: str("Database name.") }, { required: ["host", "port"] }),
      obj({ username: str(), password: str(), connection: str("Connection string (mongodb://user:password@host:port/…).") }),
    ),
    builtin: true,
  },
  {
    type: "amqp",
    name: "AMQP broker",
    category: "messaging",
    use: "direct",
    description: "An AMQP 0-9-1 broker such as RabbitMQ.",
    inputs_schema: noInputs(),
    outputs_schema: amqpOutputs(),
    builtin: true,
  },
  {
    type: "rabbitmq",
    name: "RabbitMQ",
    category: "messaging",
    use: "direct",
    description: "A RabbitMQ broker (same outputs as `amqp`).",
    inputs_schema: noInputs(),
    outputs_schema: amqpOutputs(),
    builtin: true,
  },
  {
    type: "kafka-topic",
    name: "Kafka topic",
    category: "messaging",
    use: "direct",
    description: "A Kafka topic on a shared broker.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ host: str(), port: int(), name: str("Topic name."), num_partitions: int() })),
    builtin: true,
  },
  {
    type: "elasticsearch",
    name: "Elasticsearch",
    category: "datastore",
    use: "direct",
    description: "An Elasticsearch cluster.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ host: str(), port: int() }), obj({ username: str(), password: str() })),
    builtin: true,
  },
  {
    type: "s3",
    name: "S3 bucket",
    category: "storage",
    use: "direct",
    description: "An S3 (or S3-compatible) bucket.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ bucket: str("Bucket name."), region: str(), endpoint: str("S3 API endpoint (S3-compatible stores)."), arn: str() }, { required: ["bucket"] }),
      obj({
        access_key_id: str(),
        secret_key: str(),
        aws_access_key_id: str(),
        aws_secret_key: str(),
        aws_secret_access_key: str(),
      }),
    ),
    builtin: true,
  },
  {
    type: "azure-blob",
    name: "Azure Blob container",
    category: "storage",
    use: "direct",
    description: "An Azure Blob Storage container.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(freeObject(), freeObject()),
    builtin: true,
  },
  {
    type: "volume",
    name: "Volume",
    category: "storage",
    use: "direct",
    description:
      "A volume mounted into containers. Definitions usually emit a `volumes` manifest (a pod Volume) and, for claims, a PVC.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({
        source: freeObject("A Kubernetes VolumeSource (score-k8s convention)."),
        claimSpec: freeObject("A PersistentVolumeClaimSpec for StatefulSet volume claim templates."),
        volumeName: str("Name of the pod volume the definition emits."),
        pvcName: str("Name of the PersistentVolumeClaim the definition emits."),
        type: str("score-compose volume type."),
      }),
    ),
    builtin: true,
  },
  {
    type: "dns",
    name: "DNS name",
    category: "dns",
    use: "direct",
    description: "A host name routed to the environment's ingress.",
    inputs_schema: obj({ subdomain: str("Requested sub-domain (driver dependent).") }),
    outputs_schema: outputs(obj({ host: str("Fully-qualified host name."), url: str("URL for the host (community `dns-with-url`).") }, { required: ["host"] })),
    builtin: true,
  },
  {
    type: "route",
    name: "Route",
    category: "dns",
    use: "direct",
    description: "An HTTP path on a DNS host routed to a workload's service port.",
    inputs_schema: obj(
      {
        host: str("Host name, usually `${resources.dns.host}`."),
        path: str("HTTP path prefix."),
        port: { type: ["integer", "string"], description: "Service port number or name." },
      },
      { required: ["host", "path", "port"] },
    ),
    outputs_schema: outputs(
      obj({ host: str(), path: str(), port: { type: ["integer", "string"] }, service: str("Target service name.") }),
    ),
    builtin: true,
  },
  {
    type: "horizontal-pod-autoscaler",
    name: "Horizontal pod autoscaler",
    category: "kubernetes",
    use: "direct",
    description: "Scales the workload between `minReplicas` and `maxReplicas`.",
    inputs_schema: obj({
      minReplicas: int(),
      maxReplicas: int(),
      targetCPUUtilizationPercentage: int(),
      targetMemoryUtilizationPercentage: int(),
    }),
    outputs_schema: outputs(emptyObject()),
    builtin: true,
  },
  {
    type: "endpoint",
    name: "Endpoint",
    category: "network",
    use: "direct",
    description: "An external (or mocked) HTTP endpoint.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(
      obj({ url: str(), name: str(), scheme: str(), host: str(), port: { type: ["integer", "string"] }, path: str(), query: str(), fragment: str() }),
      obj({ url: str("URL including credentials."), username: str(), password: str() }),
    ),
    builtin: true,
  },
  {
    type: "service-port",
    name: "Service port",
    category: "network",
    use: "direct",
    description: "The host and port of another workload's service port.",
    inputs_schema: obj({ workload: str("Target workload name."), port: str("Target service port name.") }, { required: ["workload", "port"] }),
    outputs_schema: outputs(obj({ hostname: str(), port: int() }, { required: ["hostname", "port"] })),
    builtin: true,
  },
  {
    type: "llm-model",
    name: "LLM model",
    category: "ai",
    use: "direct",
    description: "An LLM served over an OpenAI-compatible API.",
    inputs_schema: obj({ model: str() }),
    outputs_schema: outputs(obj({ model: str(), url: str() }), obj({ "api-key": str() })),
    builtin: true,
  },
  {
    type: "dapr-pubsub",
    name: "Dapr pub/sub component",
    category: "messaging",
    use: "direct",
    description: "A Dapr pub/sub component.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ name: str("Component name.") })),
    builtin: true,
  },
  {
    type: "dapr-state-store",
    name: "Dapr state store",
    category: "datastore",
    use: "direct",
    description: "A Dapr state store component.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ name: str("Component name.") })),
    builtin: true,
  },
  {
    type: "dapr-subscription",
    name: "Dapr subscription",
    category: "messaging",
    use: "direct",
    description: "A Dapr subscription.",
    inputs_schema: obj({ pubsub: str(), topic: str() }),
    outputs_schema: outputs(obj({ name: str(), topic: str() })),
    builtin: true,
  },
  {
    type: "gcp-pubsub-emulator",
    name: "GCP Pub/Sub emulator",
    category: "messaging",
    use: "direct",
    description: "A Google Cloud Pub/Sub emulator.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ host: str(), port: int(), project_id: str(), emulator_host: str() })),
    builtin: true,
  },
  // Score pseudo-types: resolved by the Score converter, never by a definition.
  {
    type: "environment",
    name: "Environment (shared values)",
    category: "config",
    use: "direct",
    description: "Score pseudo-type: `${resources.env.KEY}` reads shared values and secrets (`${values.KEY}`).",
    inputs_schema: noInputs(),
    outputs_schema: outputs(freeObject("Any shared value key."), freeObject("Any shared secret key.")),
    builtin: true,
  },
  {
    type: "service",
    name: "Service (another workload)",
    category: "network",
    use: "direct",
    description: "Score pseudo-type: another workload of the application; `name` is its in-cluster service name.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ name: str("Service name of the target workload.") })),
    builtin: true,
  },

  // ── indirect: reachable only through references and co-provisioning ────────────────────
  {
    type: "config",
    name: "Configuration",
    category: "config",
    use: "indirect",
    description: "Arbitrary configuration shared between definitions (any keys).",
    inputs_schema: noInputs(),
    outputs_schema: outputs(freeObject(), freeObject()),
    builtin: true,
  },
  {
    type: "ingress",
    name: "Ingress",
    category: "dns",
    use: "indirect",
    description: "Ingress objects for a DNS name and its routes; usually co-provisioned by `dns`.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ id: str() })),
    builtin: true,
  },
  {
    type: "tls-cert",
    name: "TLS certificate",
    category: "security",
    use: "indirect",
    description: "A TLS certificate stored in a Kubernetes Secret.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ tls_secret_name: str("Name of the kubernetes.io/tls Secret.") }), obj({ tls_crt: str(), tls_key: str() })),
    builtin: true,
  },
  {
    type: "k8s-service-account",
    name: "Kubernetes service account",
    category: "security",
    use: "indirect",
    description: "A ServiceAccount for a workload.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ name: str("ServiceAccount name.") }, { required: ["name"] })),
    builtin: true,
  },
  {
    type: "aws-policy",
    name: "AWS IAM policy",
    category: "security",
    use: "indirect",
    description: "An IAM policy, collected by workloads through `workload>aws-policy` selectors.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ arn: str("Policy ARN.") }, { required: ["arn"] })),
    builtin: true,
  },
  {
    type: "aws-role",
    name: "AWS IAM role",
    category: "security",
    use: "indirect",
    description: "An IAM role (e.g. for IRSA).",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ arn: str("Role ARN.") }, { required: ["arn"] })),
    builtin: true,
  },
  {
    type: "agent",
    name: "Agent",
    category: "network",
    use: "indirect",
    description: "A Humanitec Agent giving access to a private network (not runnable in Baton).",
    inputs_schema: noInputs(),
    outputs_schema: outputs(emptyObject(), obj({ url: str("Proxy URL of the agent.") }, { required: ["url"] })),
    builtin: true,
  },
  {
    type: "gcp-service-account",
    name: "GCP service account",
    category: "security",
    use: "indirect",
    description: "A Google Cloud service account.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ email: str(), name: str() })),
    builtin: true,
  },
  {
    type: "azure-managed-identity",
    name: "Azure managed identity",
    category: "security",
    use: "indirect",
    description: "An Azure user-assigned managed identity.",
    inputs_schema: noInputs(),
    outputs_schema: outputs(obj({ clientId: str(), principalId: str(), id: str() })),
    builtin: true,
  },
];

export const BUILTIN_RESOURCE_TYPES: readonly ResourceType[] = Object.freeze(
  catalogue.map((entry) => Object.freeze(entry)),
);
