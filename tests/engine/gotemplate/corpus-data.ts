/** Realistic data roots for the corpus templates (templates.md §3 and §6). */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { loadHumanitecDefinition } from "./corpus";

export const humanitecResource = {
  id: "modules.my-workload.externals.my-db",
  spec: {
    containers: { main: { image: "nginx:1.25", variables: { FOO: "bar" } } },
    service: { ports: { http: { port: 8080, container_port: 8080, protocol: "TCP" } }, annotations: { a: "b" } },
    pod: { annotations: { "prometheus.io/scrape": "true" }, labels: { team: "core" } },
    deployment: { annotations: { owner: "platform" }, labels: { tier: "web" } },
  },
  host: "my-app.example.com",
  tls_secret_name: "tls-cert",
  rules: { http: { "/": { port: 8080, type: "prefix", name: "my-workload" } } },
  minReplicas: 2,
  maxReplicas: 5,
  targetCPUUtilizationPercentage: 80,
};

function fakeSecrets(node: unknown, key = "secret"): unknown {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fakeSecrets(v, k)]));
  }
  return `s3cr3t-${key}`;
}

/** The data root a humanitec/template definition's templates see (before init/outputs are known). */
export function humanitecBaseData(file: string, thin: boolean): Record<string, unknown> {
  const { doc } = loadHumanitecDefinition(file);
  const inputs = ((doc.entity as Record<string, unknown>)?.driver_inputs ?? {}) as Record<string, unknown>;
  return {
    cookie: null,
    driver: { values: inputs.values ?? {}, secrets: fakeSecrets(inputs.secrets ?? {}) },
    id: "my-guresid-1234",
    resource: thin ? {} : humanitecResource,
  };
}

export function scoreBaseData(): Record<string, unknown> {
  return {
    Guid: "b1946ac9-2b1a-4c5e-9e1f-1a2b3c4d5e6f",
    Uid: "postgres.default#my-workload.db",
    Type: "postgres",
    Class: "default",
    Id: "my-workload.db",
    Params: { host: "example.com", path: "/", port: 8080, topic: "events", model: "ai/smollm2", workload: "my-workload", service: "my-workload" },
    Metadata: { annotations: { "compose.score.dev/publish-port": "8080" } },
    Init: {},
    State: {},
    Shared: {},
    SourceWorkload: "my-workload",
    WorkloadMetadata: { name: "my-workload" },
    WorkloadServices: {
      "my-workload": {
        ServiceName: "my-workload",
        Ports: { web: { Name: "web", Port: 8080, TargetPort: 8080, Protocol: "TCP" } },
      },
    },
    Namespace: "default",
    ComposeProjectName: "my-project",
    MountsDirectory: "/tmp/mounts",
  };
}

/** Parses a rendered template the way the drivers do (YAML); undefined when it is not YAML. */
export function parseRendered(text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: false }) ?? {};
  } catch {
    return undefined;
  }
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}
