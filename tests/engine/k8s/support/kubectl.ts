/**
 * What the test cluster holds, as kubectl reports it (a person's view, independent of Baton's
 * own client): the objects of a namespace of every kind a deployment renders.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { TestCluster } from "./cluster";

export const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;

/** The kinds Baton renders for workloads and resources (Namespace is listed on its own). */
const RENDERED_KINDS = "deployments.apps,statefulsets.apps,services,configmaps,secrets,ingresses.networking.k8s.io,persistentvolumeclaims,serviceaccounts,cronjobs.batch,jobs.batch";

export interface KubeItem {
  kind: string;
  type?: string;
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; ownerReferences?: unknown[] };
}

/** A kubeconfig for the cluster's admin token, written into `dir`. */
export function writeKubeconfig(cluster: TestCluster, dir: string): string {
  const file = path.join(dir, "kubeconfig");
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "test", cluster: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData } }],
      users: [{ name: "admin", user: { token: cluster.adminToken } }],
      contexts: [{ name: "test", context: { cluster: "test", user: "admin" } }],
      "current-context": "test",
    }),
  );
  return file;
}

export function kubectl(kubeconfig: string, args: string[]): string {
  const r = spawnSync("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Objects the cluster creates in every namespace by itself (never Baton's): the root CA
 * ConfigMap, the default ServiceAccount and its token Secret; and objects owned by others
 * (a Job's pods' controllers and the like).
 */
function isClusterOwn(o: KubeItem): boolean {
  return (
    (o.kind === "ConfigMap" && o.metadata.name === "kube-root-ca.crt") ||
    (o.kind === "ServiceAccount" && o.metadata.name === "default") ||
    (o.kind === "Secret" && o.type === "kubernetes.io/service-account-token") ||
    (o.metadata.ownerReferences?.length ?? 0) > 0
  );
}

/** Every object of the rendered kinds in `namespace` that the cluster did not create itself. */
export function namespaceObjects(kubeconfig: string, namespace: string): KubeItem[] {
  return (JSON.parse(kubectl(kubeconfig, ["get", RENDERED_KINDS, "-n", namespace, "-o", "json"])) as { items: KubeItem[] }).items.filter((o) => !isClusterOwn(o));
}

export const keyOf = (o: KubeItem) => `${o.kind}/${o.metadata.name}`;
