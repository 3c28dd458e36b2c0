/** The target's pure parts and its transport failures; no cluster needed. */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { k8sClusterDriver } from "@/lib/engine/drivers/k8s-cluster";
import type { DriverInput, DriverOutput } from "@/lib/engine/drivers/types";
import {
  applySetId,
  checkCluster,
  connectionFromClusterOutputs,
  connectionProblems,
  createKubernetesTarget,
  deploymentRollout,
  KubernetesTargetError,
  statefulSetRollout,
  targetFromClusterOutputs,
} from "@/lib/engine/targets/kubernetes";
import { parentObject, readParent, withMembership } from "@/lib/engine/targets/kubernetes/applyset";
import { errorFromResponse } from "@/lib/engine/targets/kubernetes/errors";
import { applyOrder } from "@/lib/engine/targets/kubernetes/objects";

const pem = Buffer.from("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n").toString("base64");

describe("ApplySet", () => {
  it("computes the same id kubectl computed for configmap po-demo in namespace demo", () => {
    expect(applySetId({ name: "po-demo", namespace: "demo" })).toBe("applyset-dnvK1Tiyt1BxpwJoINyQZVpPc0a-XsgB8-jSjufPHns-v1");
  });

  it("writes sorted hint annotations and reads them back", () => {
    const parent = parentObject({ name: "baton.shop.dev", namespace: "shop-dev" }, "applyset-x-v1", { groupKinds: ["Service", "Deployment.apps", "ConfigMap", "Service"], additionalNamespaces: ["shop-dev", "b", "a"] }, { "app.kubernetes.io/managed-by": "baton" });
    expect(parent.metadata!.annotations).toEqual({
      "applyset.kubernetes.io/tooling": "baton/v1",
      "applyset.kubernetes.io/contains-group-kinds": "ConfigMap,Deployment.apps,Service",
      "applyset.kubernetes.io/additional-namespaces": "a,b",
    });
    expect(readParent(parent)).toEqual({ groupKinds: ["ConfigMap", "Deployment.apps", "Service"], additionalNamespaces: ["a", "b"], tooling: "baton/v1", id: "applyset-x-v1" });
  });

  it("labels a copy of a member, not the rendered object", () => {
    const object = { apiVersion: "v1", kind: "Service", metadata: { name: "web", labels: { a: "b" } } };
    const member = withMembership(object, "applyset-x-v1");
    expect(member.metadata!.labels).toEqual({ a: "b", "applyset.kubernetes.io/part-of": "applyset-x-v1" });
    expect(object.metadata.labels).toEqual({ a: "b" });
  });

  it("applies what others depend on first, keeping the plan's order within a kind", () => {
    const kinds = applyOrder([{ kind: "Ingress" }, { kind: "Deployment", n: 1 }, { kind: "Service" }, { kind: "Secret" }, { kind: "Deployment", n: 2 }, { kind: "Namespace" }].map((o) => ({ apiVersion: "v1", ...o })));
    expect(kinds.map((o) => `${o.kind}${o.n ?? ""}`)).toEqual(["Namespace", "Secret", "Service", "Deployment1", "Deployment2", "Ingress"]);
  });
});

describe("rollout status", () => {
  const deployment = (status: Record<string, unknown>, replicas = 2, generation = 2) => ({ metadata: { generation }, spec: { replicas }, status });
  it("follows kubectl rollout status for Deployments", () => {
    expect(deploymentRollout(deployment({ observedGeneration: 1 })).message).toMatch(/observe the new spec/);
    expect(deploymentRollout(deployment({ observedGeneration: 2, updatedReplicas: 1, replicas: 2 })).message).toBe("1 of 2 replicas updated");
    expect(deploymentRollout(deployment({ observedGeneration: 2, updatedReplicas: 2, replicas: 3 })).message).toBe("1 old replicas pending termination");
    expect(deploymentRollout(deployment({ observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 1 })).message).toBe("1 of 2 updated replicas available");
    expect(deploymentRollout(deployment({ observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 })).done).toBe(true);
    expect(deploymentRollout(deployment({ observedGeneration: 2, replicas: 0 }, 0)).done).toBe(true);
    const stuck = deploymentRollout(deployment({ observedGeneration: 2, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-1" has timed out progressing.' }] }));
    expect(stuck.failed).toMatch(/progress deadline exceeded: ReplicaSet "web-1" has timed out/);
  });

  it("follows kubectl rollout status for StatefulSets", () => {
    const sts = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ metadata: { generation: 1 }, spec: { replicas: 2, ...spec }, status: { observedGeneration: 1, ...status } });
    expect(statefulSetRollout(sts({ readyReplicas: 1 })).message).toBe("1 of 2 pods ready");
    expect(statefulSetRollout(sts({ readyReplicas: 2, updatedReplicas: 1, currentRevision: "a", updateRevision: "b" })).done).toBe(false);
    expect(statefulSetRollout(sts({ readyReplicas: 2, currentRevision: "b", updateRevision: "b" })).done).toBe(true);
    expect(statefulSetRollout(sts({ readyReplicas: 2, updatedReplicas: 1 }, { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } })).done).toBe(true);
    expect(statefulSetRollout(sts({}, { updateStrategy: { type: "OnDelete" } })).done).toBe(true);
  });
});

describe("errors", () => {
  const ctx = { objectId: "Deployment/shop/web", action: "apply", resource: "deployments.apps", verb: "patch", namespace: "shop", server: "https://k:6443" };
  const status = (code: number, reason: string, message: string, causes?: unknown[]) => ({ status: code, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason, message, code, ...(causes ? { details: { causes } } : {}) } });

  it("say what to do for each answer and name the object", () => {
    const cases: [ReturnType<typeof status>, string, RegExp][] = [
      [status(401, "Unauthorized", "Unauthorized"), "k8s-unauthorized", /rejected the credentials .* not valid for this cluster/],
      [status(403, "Forbidden", 'deployments.apps "web" is forbidden: User "x" cannot patch resource "deployments"'), "k8s-forbidden", /Grant it "patch" on deployments\.apps in namespace "shop"/],
      [status(404, "NotFound", 'namespaces "shop" not found'), "k8s-not-found", /Does the namespace exist/],
      [status(409, "Conflict", "Apply failed with 1 conflict", [{ reason: "FieldManagerConflict", message: 'conflict with "helm" using apps/v1', field: ".spec.template.spec.containers[name=\"main\"].image" }]), "k8s-conflict", /containers\[name="main"\]\.image \(owned by field manager "helm"\)/],
      [status(422, "Invalid", "invalid", [{ reason: "FieldValueInvalid", message: "Invalid value: 99999: must be between 1 and 65535", field: "spec.ports[0].port" }]), "k8s-invalid", /spec\.ports\[0\]\.port: Invalid value: 99999/],
      [status(500, "InternalError", 'failed to create typed patch object: .spec.ports: element 0: associative list with keys has an element that omits key field "protocol"'), "k8s-server-error", /"protocol" on Service ports/],
      [status(400, "BadRequest", "the name of the object (Bad_Name) does not match the name on the URL (bad_name)"), "k8s-bad-request", /does not match the name on the URL/],
    ];
    for (const [response, code, message] of cases) {
      const error = errorFromResponse(response, ctx);
      expect(error.code).toBe(code);
      expect(error.object_id).toBe("Deployment/shop/web");
      expect(error.message.startsWith("Deployment/shop/web: ")).toBe(true);
      expect(error.message).toMatch(message);
    }
  });

  it("reports configuration problems before sending anything", async () => {
    expect(connectionProblems({ server: "k8s.local" })).toEqual(['server "k8s.local" is not a URL (expected https://host:port)', "no credentials: give a token, or client-certificate-data and client-key-data"]);
    expect(connectionProblems({ server: "http://k:80", token: "t" })).toEqual(['server "http://k:80" uses plain http; use https:// or set insecure-skip-tls-verify']);
    expect(connectionProblems({ server: "https://k", clientCertificateData: pem, certificateAuthorityData: "bm9wZQ==" })).toEqual([
      "no credentials: give a token, or client-certificate-data and client-key-data",
      "client-certificate-data and client-key-data must be given together",
      "certificate-authority-data is not base64 of a PEM block",
    ]);
    const error = await createKubernetesTarget({ server: "https://k" }).apply({ app_id: "a", env_id: "e", deploy_id: "d", namespace: "n", objects: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubernetesTargetError);
    expect((error as KubernetesTargetError).toRecord()).toEqual({ code: "k8s-config", object_id: "cluster", message: "cluster connection: no credentials: give a token, or client-certificate-data and client-key-data" });
    expect(await checkCluster({ server: "https://k" })).toEqual({ ok: false, problems: [{ code: "k8s-config", message: "no credentials: give a token, or client-certificate-data and client-key-data" }] });
  });
});

describe("transport failures", () => {
  const request = (namespace: string) => ({ app_id: "a", env_id: "e", deploy_id: "d", namespace, objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }] });

  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("connection refused names the server and what to check", async () => {
    const port = await closedPort();
    const error = (await createKubernetesTarget({ server: `https://127.0.0.1:${port}`, token: "t" }).apply(request("n")).catch((e: unknown) => e)) as KubernetesTargetError;
    expect(error.code).toBe("k8s-connection");
    expect(error.object_id).toBe("Namespace/n");
    expect(error.message).toMatch(new RegExp(`cannot connect to https://127.0.0.1:${port}: .*ECONNREFUSED.*Check the server URL`));
    const check = await checkCluster({ server: `https://127.0.0.1:${port}`, token: "t" });
    expect(check.ok).toBe(false);
    expect(check.problems[0]!.code).toBe("k8s-connection");
  });

  it("a server that never answers times out", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket)); // accepts, never speaks TLS
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const error = (await createKubernetesTarget({ server: `https://127.0.0.1:${port}`, token: "t", requestTimeoutMs: 300 }).apply(request("n")).catch((e: unknown) => e)) as KubernetesTargetError;
      expect(error.code).toBe("k8s-timeout");
      expect(error.message).toMatch(/no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.3 s .*reachable/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("plain HTTP where HTTPS is expected is a TLS failure", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const check = await checkCluster({ server: `https://127.0.0.1:${port}`, token: "t", requestTimeoutMs: 5000 });
      expect(check.problems[0]!.code).toBe("k8s-tls");
      expect(check.problems[0]!.message).toMatch(/EPROTO/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("targetFromClusterOutputs", () => {
  const input = (values: Record<string, unknown>, secrets: Record<string, unknown>): DriverInput => ({
    context: { org_id: "o", app_id: "shop", env_id: "dev", env_type: "development", deploy_id: "d1", type: "k8s-cluster", class: "default", res_id: "k8s-cluster", guresid: "0".repeat(40) },
    driver: { values: values as never, secrets: secrets as never },
    resource: {},
    cookie: null,
  });

  it("takes exactly what the humanitec/k8s-cluster driver outputs (CA from the plan's target description)", async () => {
    const output = (await k8sClusterDriver.provision(input({ cluster_data: { server: "https://k:6443", "certificate-authority-data": pem } }, { credentials: { token: "secret-token" } }))) as DriverOutput;
    expect(connectionFromClusterOutputs(output.values, output.secrets, output.target)).toEqual({ server: "https://k:6443", certificateAuthorityData: pem, token: "secret-token" });
    const target = targetFromClusterOutputs(output.values, output.secrets, { description: output.target, force: true });
    expect(target.kind).toBe("kubernetes");
    expect(target.server).toBe("https://k:6443");

    const certs = (await k8sClusterDriver.provision(input({ cluster_data: { server: "https://k", "insecure-skip-tls-verify": true } }, { credentials: { "client-certificate-data": pem, "client-key-data": pem } }))) as DriverOutput;
    expect(connectionFromClusterOutputs(certs.values, certs.secrets, certs.target)).toEqual({ server: "https://k", insecureSkipTlsVerify: true, clientCertificateData: pem, clientKeyData: pem });
    // Outputs that carry cluster_data themselves (custom definitions) need no description.
    expect(connectionFromClusterOutputs({ cluster_data: { server: "https://c", "certificate-authority-data": pem } }, { credentials: { token: "t" } })).toEqual({ server: "https://c", certificateAuthorityData: pem, token: "t" });
    expect(() => connectionFromClusterOutputs({}, {})).toThrow(/no server/);
  });
});
