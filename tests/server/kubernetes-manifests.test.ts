import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { configSchema, parseConfig } from "@/lib/server/config";
import { findTestCluster, stopTestCluster } from "../engine/k8s/support/cluster";

/**
 * deploy/kubernetes (the kustomize base for Baton itself): rendered by kubectl's kustomize,
 * checked for what the probes and roles need, and applied by server-side dry run to the CI
 * test cluster (a real kube-apiserver: schemas, defaulting and admission, no pods run).
 */
const repoRoot = path.resolve(__dirname, "../..");
const base = path.join(repoRoot, "deploy/kubernetes");

// Rendered manifests are read loosely (the server dry run checks their schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Obj = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: Loose; data?: Record<string, string> };

const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
if (!kubectl && process.env.CI) throw new Error("CI must render the Kubernetes manifests: kubectl (Debian's kubernetes-client) is not installed");

function render(): Obj[] {
  const out = execFileSync("kubectl", ["kustomize", base], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => d.toJSON() as Obj);
}

const lookup = kubectl ? await findTestCluster() : { cluster: null, reason: "kubectl is not installed" };
if (!lookup.cluster) {
  if (process.env.CI) throw new Error(`CI must dry-run the Kubernetes manifests: ${lookup.reason}`);
  console.log(`kubernetes-manifests dry run skipped: ${lookup.reason}`);
}
afterAll(() => {
  if (lookup.cluster && "startedHere" in lookup && lookup.startedHere) stopTestCluster();
});

describe.skipIf(!kubectl)("deploy/kubernetes", () => {
  const objects = kubectl ? render() : [];
  const find = (kind: string, name: string) => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    if (!o) throw new Error(`the base renders no ${kind} ${name}`);
    return o;
  };
  const container = (name: string) => find("Deployment", name).spec.template.spec.containers[0];
  const envOf = (name: string) => Object.fromEntries((container(name).env as { name: string; value?: string; valueFrom?: unknown }[]).map((e) => [e.name, e.value ?? e.valueFrom]));

  it("renders web (2 replicas, BATON_ROLE=web), worker (BATON_ROLE=worker), Service, PodDisruptionBudgets", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      ["ConfigMap/baton", "Deployment/baton-web", "Deployment/baton-worker", "PodDisruptionBudget/baton-web", "PodDisruptionBudget/baton-worker", "Service/baton", "ServiceAccount/baton"].sort(),
    );
    expect(find("Deployment", "baton-web").spec.replicas).toBe(2);
    expect(envOf("baton-web").BATON_ROLE).toBe("web");
    expect(envOf("baton-worker").BATON_ROLE).toBe("worker");
    expect(container("baton-worker").args).toEqual(["node", "--import", "tsx", "scripts/worker.ts"]);
    for (const d of ["baton-web", "baton-worker"]) {
      expect(envOf(d).BATON_SECRET_KEY).toEqual({ secretKeyRef: { name: "baton", key: "secret-key" } });
      expect(envOf(d).BATON_DATABASE_URL).toEqual({ secretKeyRef: { name: "baton", key: "database-url" } });
    }
  });

  it("probes the live and ready endpoints on the port each role serves them", () => {
    const config = find("ConfigMap", "baton").data!;
    const ports = { "baton-web": Number(config.PORT), "baton-worker": Number(config.BATON_WORKER_HEALTH_PORT) };
    for (const [name, port] of Object.entries(ports)) {
      const c = container(name);
      const named = Object.fromEntries((c.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort]));
      for (const [probe, p] of [["livenessProbe", "/api/health/live"], ["startupProbe", "/api/health/live"], ["readinessProbe", "/api/health/ready"]] as const) {
        expect(c[probe].httpGet.path, `${name} ${probe}`).toBe(p);
        expect(named[c[probe].httpGet.port], `${name} ${probe} port`).toBe(port);
      }
    }
    const service = find("Service", "baton");
    expect(service.spec.selector).toEqual(find("Deployment", "baton-web").spec.selector.matchLabels);
    expect(service.spec.ports[0].targetPort).toBe("http");
  });

  it("runs non-root on a read-only root filesystem with scratch volumes, within resource requests and limits", () => {
    for (const name of ["baton-web", "baton-worker"]) {
      const pod = find("Deployment", name).spec.template.spec;
      const c = pod.containers[0];
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      const mounts = Object.fromEntries((c.volumeMounts as { name: string; mountPath: string }[]).map((m) => [m.mountPath, m.name]));
      for (const dir of ["/tmp", find("ConfigMap", "baton").data!.BATON_DATA_DIR]) {
        expect(pod.volumes.find((v: { name: string }) => v.name === mounts[dir]), `${name} ${dir}`).toMatchObject({ emptyDir: {} });
      }
      expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits).toMatchObject({ memory: expect.any(String) });
      expect(pod.automountServiceAccountToken).toBe(false);
    }
    // A worker gets the grace its shutdown takes.
    const grace = Number(find("ConfigMap", "baton").data!.BATON_SHUTDOWN_GRACE_SECONDS);
    expect(find("Deployment", "baton-worker").spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(grace);
  });

  it("the PodDisruptionBudgets select exactly the pods of their Deployment", () => {
    for (const name of ["baton-web", "baton-worker"]) {
      expect(find("PodDisruptionBudget", name).spec.selector.matchLabels).toEqual(find("Deployment", name).spec.template.metadata.labels);
    }
  });

  it("the ConfigMap holds only settings Baton knows, and they pass its validation for both roles", () => {
    const data = find("ConfigMap", "baton").data!;
    const known = new Set([...Object.keys(configSchema.shape), "NEXT_TELEMETRY_DISABLED"]);
    expect(Object.keys(data).filter((k) => !known.has(k))).toEqual([]);
    const secrets = { BATON_SECRET_KEY: "ab".repeat(32), BATON_DATABASE_URL: "postgres://baton@db:5432/baton" };
    for (const role of ["web", "worker"]) expect(parseConfig({ ...data, ...secrets, BATON_ROLE: role })).toMatchObject({ BATON_ROLE: role, BATON_HOST: "0.0.0.0" });
  });

  describe.skipIf(!lookup.cluster)("server-side dry run against the test cluster", () => {
    const kubeconfig = lookup.cluster?.kubeconfig ?? "";
    const k = (args: string[], input?: string) => spawnSync("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8", input, timeout: 60_000 });
    const namespace = `baton-manifests-${randomUUID().slice(0, 8)}`;
    afterAll(() => {
      k(["delete", "namespace", namespace, "--wait=false"]);
    });

    /** The rendered base as this cluster can take it: policy/v1 PodDisruptionBudgets need Kubernetes ≥ 1.21. */
    function forThisCluster(): { yaml: string; downgraded: boolean } {
      const served = k(["api-versions"]).stdout.split("\n");
      const downgraded = !served.includes("policy/v1") && served.includes("policy/v1beta1");
      const docs = objects.map((o) => (o.kind === "PodDisruptionBudget" && downgraded ? { ...o, apiVersion: "policy/v1beta1" } : o));
      return { yaml: docs.map((d) => stringify(d)).join("---\n"), downgraded };
    }

    it("the cluster accepts every object", () => {
      expect(k(["create", "namespace", namespace]).status).toBe(0);
      const { yaml, downgraded } = forThisCluster();
      if (downgraded) console.log(`test cluster ${lookup.cluster!.version} serves no policy/v1: PodDisruptionBudgets dry-run as policy/v1beta1 (same fields)`);
      const file = path.join(os.tmpdir(), `${namespace}.yaml`);
      fs.writeFileSync(file, yaml);
      const r = k(["apply", "--dry-run=server", "--namespace", namespace, "-f", file]);
      fs.rmSync(file);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split("\n").sort()).toEqual(
        ["configmap/baton", "deployment.apps/baton-web", "deployment.apps/baton-worker", "poddisruptionbudget.policy/baton-web", "poddisruptionbudget.policy/baton-worker", "service/baton", "serviceaccount/baton"].map((x) => `${x} created (server dry run)`).sort(),
      );
      // Nothing was created.
      expect(k(["get", "deployments", "--namespace", namespace, "-o", "name"]).stdout.trim()).toBe("");
    });

    it("and the dry run does reject what the cluster would: a broken Deployment is refused", () => {
      const broken = structuredClone(objects.find((o) => o.metadata.name === "baton-web" && o.kind === "Deployment")!);
      broken.spec.template.metadata.labels = { "app.kubernetes.io/component": "something-else" };
      const r = k(["apply", "--dry-run=server", "--namespace", namespace, "-f", "-"], stringify(broken));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/selector.*does not match template labels|Invalid value/);
    });
  });
});
