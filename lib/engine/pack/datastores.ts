/**
 * In-cluster datastores as humanitec/template definitions: each renders a Secret, a Service and
 * a single-replica StatefulSet (with a volume claim) into the environment's namespace.
 *
 * Credentials are generated on first provisioning and re-emitted through the cookie: the next
 * provisioning takes the `if .cookie` branch of `init`, so passwords never change under a
 * running database. The Secret's keys are the environment variables the official image reads,
 * so the container takes them with `envFrom`.
 */
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { labelsYaml, objectName, RES_LABEL } from "./template-snippets";

export type DatastoreType = "postgres" | "mysql" | "redis" | "mongodb" | "amqp";

interface DatastoreSpec {
  type: DatastoreType;
  title: string;
  /** Label value and object-name prefix. */
  component: string;
  image: string;
  port: number;
  portName: string;
  dataPath: string;
  /** Values generated on first provisioning (then kept in the cookie): key → Go expression. */
  generated: Record<string, string>;
  /** Secret data: environment variable of the image → init key. */
  secretEnv: Record<string, string>;
  /** Plain environment variables. */
  env?: Record<string, string>;
  args?: string[];
  /** Readiness probe body (YAML, without the `readinessProbe:` key), at column 0. */
  readiness: string;
  outputs: string;
  secrets: string;
}

const RANDOM_USER = "{{ randAlpha 12 | lower | quote }}";
const RANDOM_PASSWORD = "{{ randAlphaNum 24 | quote }}";
/** A database name readable in clients: the res label with `_` (valid unquoted in SQL dialects' common cases). */
const DATABASE_FROM_RES = '{{ $res | replace "-" "_" | trunc 63 | quote }}';

const tcpProbe = (port: string) => `tcpSocket:\n  port: ${port}`;
const execProbe = (command: string) => `exec:\n  command:\n    - sh\n    - -c\n    - ${JSON.stringify(command)}`;

const SPECS: Record<DatastoreType, DatastoreSpec> = {
  postgres: {
    type: "postgres",
    title: "PostgreSQL",
    component: "postgres",
    image: "postgres:17-alpine",
    port: 5432,
    portName: "postgres",
    dataPath: "/var/lib/postgresql/data",
    generated: { database: DATABASE_FROM_RES, username: RANDOM_USER, password: RANDOM_PASSWORD },
    secretEnv: { POSTGRES_DB: "database", POSTGRES_USER: "username", POSTGRES_PASSWORD: "password" },
    // A sub-directory, because the volume root holds lost+found on many provisioners.
    env: { PGDATA: "/var/lib/postgresql/data/pgdata" },
    readiness: execProbe('pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'),
    outputs: [
      "host: {{ .init.name }}",
      "port: 5432",
      "name: {{ .init.database | quote }}",
      "database: {{ .init.database | quote }}",
    ].join("\n"),
    secrets: ["username: {{ .init.username | quote }}", "password: {{ .init.password | quote }}"].join("\n"),
  },
  mysql: {
    type: "mysql",
    title: "MySQL",
    component: "mysql",
    image: "mysql:8.4",
    port: 3306,
    portName: "mysql",
    dataPath: "/var/lib/mysql",
    generated: { database: DATABASE_FROM_RES, username: RANDOM_USER, password: RANDOM_PASSWORD, root_password: RANDOM_PASSWORD },
    secretEnv: { MYSQL_DATABASE: "database", MYSQL_USER: "username", MYSQL_PASSWORD: "password", MYSQL_ROOT_PASSWORD: "root_password" },
    readiness: execProbe('mysqladmin ping -h 127.0.0.1 -u"$MYSQL_USER" -p"$MYSQL_PASSWORD" --silent'),
    outputs: [
      "host: {{ .init.name }}",
      "port: 3306",
      "name: {{ .init.database | quote }}",
      "database: {{ .init.database | quote }}",
    ].join("\n"),
    secrets: ["username: {{ .init.username | quote }}", "password: {{ .init.password | quote }}"].join("\n"),
  },
  redis: {
    type: "redis",
    title: "Redis",
    component: "redis",
    image: "redis:7-alpine",
    port: 6379,
    portName: "redis",
    dataPath: "/data",
    generated: { password: RANDOM_PASSWORD },
    secretEnv: { REDIS_PASSWORD: "password" },
    // $(VAR) is expanded by Kubernetes from the container's environment (envFrom included).
    args: ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes"],
    readiness: execProbe('redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'),
    outputs: ["host: {{ .init.name }}", "port: 6379"].join("\n"),
    // Redis's built-in ACL user is `default`; clients that send a user name need it.
    secrets: ['username: "default"', "password: {{ .init.password | quote }}"].join("\n"),
  },
  mongodb: {
    type: "mongodb",
    title: "MongoDB",
    component: "mongodb",
    image: "mongo:7",
    port: 27017,
    portName: "mongodb",
    dataPath: "/data/db",
    generated: { database: DATABASE_FROM_RES, username: RANDOM_USER, password: RANDOM_PASSWORD },
    secretEnv: { MONGO_INITDB_DATABASE: "database", MONGO_INITDB_ROOT_USERNAME: "username", MONGO_INITDB_ROOT_PASSWORD: "password" },
    readiness: tcpProbe("mongodb"),
    outputs: ["host: {{ .init.name }}", "port: 27017", "name: {{ .init.database | quote }}"].join("\n"),
    // The generated user is created in the admin database, hence authSource=admin.
    secrets: [
      "username: {{ .init.username | quote }}",
      "password: {{ .init.password | quote }}",
      'connection: {{ printf "mongodb://%s:%s@%s:27017/%s?authSource=admin" .init.username .init.password .init.name .init.database | quote }}',
    ].join("\n"),
  },
  amqp: {
    type: "amqp",
    title: "RabbitMQ (AMQP)",
    component: "rabbitmq",
    image: "rabbitmq:3.13-alpine",
    port: 5672,
    portName: "amqp",
    dataPath: "/var/lib/rabbitmq",
    generated: { vhost: "{{ $res | quote }}", username: RANDOM_USER, password: RANDOM_PASSWORD },
    secretEnv: { RABBITMQ_DEFAULT_VHOST: "vhost", RABBITMQ_DEFAULT_USER: "username", RABBITMQ_DEFAULT_PASS: "password" },
    readiness: tcpProbe("amqp"),
    outputs: ["host: {{ .init.name }}", "port: 5672", "vhost: {{ .init.vhost | quote }}"].join("\n"),
    secrets: ["username: {{ .init.username | quote }}", "password: {{ .init.password | quote }}"].join("\n"),
  },
};

export const DATASTORE_TYPES = Object.keys(SPECS) as DatastoreType[];

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

function initTemplate(spec: DatastoreSpec): string {
  const keys = Object.keys(spec.generated);
  return [
    RES_LABEL,
    "{{- if .cookie }}",
    "name: {{ .cookie.name | quote }}",
    ...keys.map((key) => `${key}: {{ .cookie.${key} | quote }}`),
    "{{- else }}",
    `name: ${objectName(spec.component)}`,
    ...keys.map((key) => `${key}: ${spec.generated[key]}`),
    "{{- end }}",
    "",
  ].join("\n");
}

function cookieTemplate(spec: DatastoreSpec): string {
  return ["name: {{ .init.name | quote }}", ...Object.keys(spec.generated).map((key) => `${key}: {{ .init.${key} | quote }}`), ""].join("\n");
}

function manifestsTemplate(spec: DatastoreSpec): string {
  const secretData = Object.entries(spec.secretEnv)
    .map(([envName, key]) => `${envName}: {{ .init.${key} | b64enc }}`)
    .join("\n");
  const env = Object.entries(spec.env ?? {})
    .map(([name, value]) => `- name: ${name}\n  value: ${JSON.stringify(value)}`)
    .join("\n");
  const args = (spec.args ?? []).map((arg) => `- ${JSON.stringify(arg)}`).join("\n");

  const container = [
    `- name: ${spec.component}`,
    "  image: {{ .driver.values.image | quote }}",
    ...(args ? ["  args:", indent(args, 4)] : []),
    "  ports:",
    `    - name: ${spec.portName}`,
    `      containerPort: ${spec.port}`,
    "  envFrom:",
    "    - secretRef:",
    "        name: {{ .init.name }}",
    ...(env ? ["  env:", indent(env, 4)] : []),
    "  readinessProbe:",
    indent(spec.readiness, 4),
    "    periodSeconds: 5",
    "  resources:",
    "    requests:",
    "      cpu: 50m",
    "      memory: 128Mi",
    "  volumeMounts:",
    "    - name: data",
    `      mountPath: ${spec.dataPath}`,
  ].join("\n");

  return [
    "secret.yaml:",
    "  location: namespace",
    "  data:",
    "    apiVersion: v1",
    "    kind: Secret",
    "    metadata:",
    "      name: {{ .init.name }}",
    "      labels:",
    labelsYaml(spec.component, 8),
    "    type: Opaque",
    "    data:",
    indent(secretData, 6),
    "service.yaml:",
    "  location: namespace",
    "  data:",
    "    apiVersion: v1",
    "    kind: Service",
    "    metadata:",
    "      name: {{ .init.name }}",
    "      labels:",
    labelsYaml(spec.component, 8),
    "    spec:",
    "      type: ClusterIP",
    "      selector:",
    "        app.kubernetes.io/instance: {{ .init.name }}",
    "      ports:",
    `        - name: ${spec.portName}`,
    `          port: ${spec.port}`,
    `          targetPort: ${spec.portName}`,
    "statefulset.yaml:",
    "  location: namespace",
    "  data:",
    "    apiVersion: apps/v1",
    "    kind: StatefulSet",
    "    metadata:",
    "      name: {{ .init.name }}",
    "      labels:",
    labelsYaml(spec.component, 8),
    "    spec:",
    "      serviceName: {{ .init.name }}",
    "      replicas: 1",
    "      selector:",
    "        matchLabels:",
    "          app.kubernetes.io/instance: {{ .init.name }}",
    "      template:",
    "        metadata:",
    "          labels:",
    labelsYaml(spec.component, 12),
    "        spec:",
    "          containers:",
    indent(container, 12),
    "      volumeClaimTemplates:",
    "        - metadata:",
    "            name: data",
    "          spec:",
    "            accessModes:",
    "              - ReadWriteOnce",
    "            {{- if .driver.values.storage_class_name }}",
    "            storageClassName: {{ .driver.values.storage_class_name | quote }}",
    "            {{- end }}",
    "            resources:",
    "              requests:",
    "                storage: {{ .driver.values.storage | quote }}",
    "",
  ].join("\n");
}

export interface DatastoreOptions {
  id: string;
  criteria: ResourceDefinition["criteria"];
  image?: string;
  storage?: string;
  storageClassName?: string;
}

export function datastoreDefinition(type: DatastoreType, options: DatastoreOptions): ResourceDefinition {
  const spec = SPECS[type];
  return {
    id: options.id,
    name: `In-cluster ${spec.title}`,
    type: spec.type,
    driver_type: "humanitec/template",
    driver_inputs: {
      values: {
        res_id: "${context.res.id}",
        image: options.image ?? spec.image,
        storage: options.storage ?? "1Gi",
        storage_class_name: options.storageClassName ?? "",
        templates: {
          init: initTemplate(spec),
          manifests: manifestsTemplate(spec),
          outputs: `${spec.outputs}\n`,
          secrets: `${spec.secrets}\n`,
          cookie: cookieTemplate(spec),
        },
      },
    },
    criteria: options.criteria,
  };
}

/** The image each datastore uses by default (for the install dialog). */
export function defaultDatastoreImage(type: DatastoreType): string {
  return SPECS[type].image;
}
