/**
 * Target cases run twice: against the real kube-apiserver (real.test.ts) and against the double
 * replaying what that server answered (double.test.ts).
 */
import { expect } from "vitest";
import { applySetId, applySetParentName, KubernetesTargetError } from "@/lib/engine/targets/kubernetes";
import type { ApplyRequest, TargetEvent } from "@/lib/engine/targets/types";
import type { Harness } from "./support/harness";

// Assertions walk live API objects whose shape the server decides.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const labels = (app: string) => ({ "app.kubernetes.io/name": app, "app.kubernetes.io/managed-by": "baton" });

export function namespaceObject(name: string): Obj {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "app.kubernetes.io/managed-by": "baton" } } };
}

export function deployment(namespace: string, name: string, image = "nginx:1.25", replicas = 1, extra: Obj = {}): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: labels(name) },
    spec: {
      replicas,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: { metadata: { labels: labels(name) }, spec: { containers: [{ name: "main", image, ports: [{ containerPort: 8080, protocol: "TCP" }] }] } },
      ...extra,
    },
  };
}

export function service(namespace: string, name: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels: labels(name) },
    spec: { selector: { "app.kubernetes.io/name": name }, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }] },
  };
}

export function configMap(namespace: string, name: string, data: Record<string, string>): Obj {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels: labels(name) }, data };
}

export function statefulSet(namespace: string, name: string, replicas = 1): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace, labels: labels(name) },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: { metadata: { labels: labels(name) }, spec: { containers: [{ name: "db", image: "postgres:16", ports: [{ containerPort: 5432, protocol: "TCP" }] }] } },
    },
  };
}

function request(namespace: string, objects: Obj[], extra: Partial<ApplyRequest> = {}): ApplyRequest {
  return { app_id: "shop", env_id: namespace, deploy_id: "d1", namespace, objects: [namespaceObject(namespace), ...objects], ...extra };
}

async function get(h: Harness, path: string): Promise<{ status: number; body: Obj }> {
  const response = await h.admin.request({ method: "GET", path });
  return { status: response.status, body: response.body as Obj };
}

/** Wait until controllers stop writing the object (same resourceVersion on two reads in a row). */
async function settled(h: Harness, path: string): Promise<Obj> {
  let last = (await get(h, path)).body;
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, h.mode === "real" ? 400 : 1));
    const next = (await get(h, path)).body;
    if (next.metadata.resourceVersion === last.metadata.resourceVersion) return next;
    last = next;
  }
  throw new Error(`${path} kept changing`);
}

async function rejection(promise: Promise<unknown>): Promise<KubernetesTargetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KubernetesTargetError);
    return error as KubernetesTargetError;
  }
  throw new Error("expected the apply to fail");
}

export interface TargetCase {
  name: string;
  run(h: Harness): Promise<void>;
}

export const targetCases: TargetCase[] = [
  {
    name: "create update no-op",
    async run(h) {
      const ns = h.namespace();
      const target = h.target("admin", { wait: false });
      const v1 = [configMap(ns, "settings", { MODE: "a" }), service(ns, "web"), deployment(ns, "web", "nginx:1.25")];

      const first = await target.apply(request(ns, v1));
      expect(first.applied.map((r) => `${r.kind}/${r.name}`)).toEqual(["Namespace/" + ns, "ConfigMap/settings", "Service/web", "Deployment/web"]);
      expect(first.outcomes!.map((o) => o.action)).toEqual(["created", "created", "created", "created"]);
      // The deployment controller writes status for a moment after creation; a no-op is measured after that.
      const live = { body: await settled(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`) };
      const setId = applySetId({ name: applySetParentName("shop", ns), namespace: ns });
      expect(live.body.metadata.labels["applyset.kubernetes.io/part-of"]).toBe(setId);
      expect(live.body.metadata.managedFields.map((m: Obj) => `${m.manager}/${m.operation}`)).toContain("baton/Apply");
      const parent = await get(h, `/api/v1/namespaces/${ns}/configmaps/${applySetParentName("shop", ns)}`);
      expect(parent.body.metadata.labels["applyset.kubernetes.io/id"]).toBe(setId);
      expect(parent.body.metadata.annotations).toMatchObject({ "applyset.kubernetes.io/contains-group-kinds": "ConfigMap,Deployment.apps,Service", "applyset.kubernetes.io/tooling": "baton/v1" });

      // The same objects again: nothing changes on the server.
      const second = await target.apply(request(ns, v1));
      expect(second.outcomes!.slice(1).map((o) => o.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
      expect(second.outcomes!.slice(0, 3).map((o) => o.resource_version)).toEqual(first.outcomes!.slice(0, 3).map((o) => o.resource_version));
      expect(second.outcomes![3]!.resource_version).toBe(live.body.metadata.resourceVersion);
      expect(second.pruned).toEqual([]);
      expect((await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.metadata.resourceVersion).toBe(live.body.metadata.resourceVersion);

      // A new image: only the Deployment changes.
      const third = await target.apply(request(ns, [v1[0]!, v1[1]!, deployment(ns, "web", "nginx:1.26")]));
      expect(third.outcomes!.slice(1).map((o) => o.action)).toEqual(["unchanged", "unchanged", "configured"]);
      const updated = await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`);
      expect(updated.body.spec.template.spec.containers[0].image).toBe("nginx:1.26");
      expect(updated.body.metadata.resourceVersion).not.toBe(live.body.metadata.resourceVersion);
    },
  },
  {
    name: "prune removed workload",
    async run(h) {
      const ns = h.namespace();
      const target = h.target("admin", { wait: false });
      const events: TargetEvent[] = [];
      await target.apply(request(ns, [service(ns, "web"), deployment(ns, "web"), service(ns, "api"), deployment(ns, "api")]));
      // Someone else's object in the same namespace, not part of the set: never pruned.
      const foreign = await h.admin.request({ method: "POST", path: `/api/v1/namespaces/${ns}/configmaps`, body: configMap(ns, "not-baton", { owner: "someone" }) });
      expect(foreign.status).toBe(201);

      const after = await target.apply(request(ns, [service(ns, "web"), deployment(ns, "web")], { onEvent: (e) => events.push(e) }));
      expect(after.pruned.map((r) => `${r.apiVersion} ${r.kind}/${r.namespace}/${r.name}`).sort()).toEqual([`apps/v1 Deployment/${ns}/api`, `v1 Service/${ns}/api`]);
      expect(events.filter((e) => e.type === "pruned").map((e) => e.object_id).sort()).toEqual([`Deployment/${ns}/api`, `Service/${ns}/api`]);
      expect((await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/api`)).status).toBe(404);
      expect((await get(h, `/api/v1/namespaces/${ns}/services/api`)).status).toBe(404);
      expect((await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`)).status).toBe(200);
      expect((await get(h, `/api/v1/namespaces/${ns}/configmaps/not-baton`)).status).toBe(200);

      // Only Services remain: the parent stops listing Deployments once none is wanted.
      const onlyService = await target.apply(request(ns, [service(ns, "web")]));
      expect(onlyService.pruned.map((r) => `${r.kind}/${r.name}`)).toEqual(["Deployment/web"]);
      const parent = await get(h, `/api/v1/namespaces/${ns}/configmaps/${applySetParentName("shop", ns)}`);
      expect(parent.body.metadata.annotations["applyset.kubernetes.io/contains-group-kinds"]).toBe("Service");
      const again = await target.apply(request(ns, [service(ns, "web")]));
      expect(again.pruned).toEqual([]);
    },
  },
  {
    name: "rollout wait",
    async run(h) {
      const ns = h.namespace();
      const events: TargetEvent[] = [];
      const target = h.target("admin", { rolloutTimeoutSeconds: 60, onEvent: (e) => events.push(e) });
      const kubelet = h.kubelet(ns);
      try {
        const result = await target.apply(request(ns, [deployment(ns, "web", "nginx:1.25", 2), statefulSet(ns, "db", 2)]));
        expect(result.applied.map((r) => r.kind)).toEqual(["Namespace", "Deployment", "StatefulSet"]);
      } finally {
        await kubelet.stop();
      }
      const complete = events.filter((e) => e.type === "rollout-complete").map((e) => e.object_id).sort();
      expect(complete).toEqual([`Deployment/${ns}/web`, `StatefulSet/${ns}/db`]);
      expect(events.some((e) => e.type === "rollout-progress" && e.object_id === `Deployment/${ns}/web`)).toBe(true);
      const live = await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`);
      expect(live.body.status.availableReplicas).toBe(2);
    },
  },
  {
    name: "rollout timeout",
    async run(h) {
      const ns = h.namespace();
      const target = h.target("admin", { rolloutTimeoutSeconds: 600 });
      const id = `Deployment/${ns}/web`;
      const started = Date.now();
      // No kubelet: the pod never becomes ready. The module's deploy.timeout (2 s) wins over the target's default.
      const error = await rejection(target.apply(request(ns, [deployment(ns, "web")], { rollout: { [id]: { timeout_seconds: 2 } } })));
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(error.code).toBe("k8s-rollout-timeout");
      expect(error.object_id).toBe(id);
      expect(error.message).toMatch(/not rolled out within 2 s \(0 of 1 updated replicas available\)/);
      expect(error.partial?.applied.map((r) => r.kind)).toEqual(["Namespace", "Deployment"]);
      expect(error.toRecord()).toEqual({ code: "k8s-rollout-timeout", object_id: id, message: error.message });

      // success: deploy → no wait at all.
      const quick = await target.apply(request(ns, [deployment(ns, "web")], { rollout: { [id]: { success: "deploy" } } }));
      expect(quick.applied).toHaveLength(2);
    },
  },
  {
    name: "progress deadline exceeded",
    async run(h) {
      const ns = h.namespace();
      const target = h.target("admin", { rolloutTimeoutSeconds: 60 });
      const error = await rejection(target.apply(request(ns, [deployment(ns, "stuck", "nginx:1.25", 1, { progressDeadlineSeconds: 1 })])));
      expect(error.code).toBe("k8s-rollout-failed");
      expect(error.object_id).toBe(`Deployment/${ns}/stuck`);
      expect(error.message).toMatch(/progress deadline exceeded/);
    },
  },
  {
    name: "forbidden with weak token",
    async run(h) {
      const ns = h.namespace();
      const error = await rejection(h.target("limited", { wait: false }).apply(request(ns, [deployment(ns, "web")])));
      expect(error.code).toBe("k8s-forbidden");
      expect(error.status).toBe(403);
      expect(error.object_id).toBe(`Namespace/${ns}`);
      expect(error.message).toMatch(/User "limited" cannot patch resource "namespaces"/);
      expect(error.message).toMatch(/Grant it "create" and "patch" on namespaces \(a Role\/ClusterRole and binding\)/);

      const weak = await h.check("limited", ns);
      expect(weak.ok).toBe(false);
      expect(weak.version).toBe("v1.20.2");
      expect(weak.problems.map((p) => p.code)).toContain("k8s-permission");
      expect(weak.problems.map((p) => p.message).join("\n")).toMatch(/cannot get, list, create, patch, delete deployments\.apps in namespace "bt-/);
      const strong = await h.check("admin", ns);
      expect(strong).toEqual({ ok: true, version: "v1.20.2", problems: [] });
    },
  },
  {
    name: "wrong ca",
    async run(h) {
      const ns = h.namespace();
      const error = await rejection(h.target("wrong-ca", { wait: false }).apply(request(ns, [deployment(ns, "web")])));
      expect(error.code).toBe("k8s-tls");
      expect(error.message).toMatch(/certificate-authority-data/);
      expect(error.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
      const check = await h.check("wrong-ca");
      expect(check.ok).toBe(false);
      expect(check.problems[0]!.code).toBe("k8s-tls");
    },
  },
  {
    name: "field manager conflict",
    async run(h) {
      const ns = h.namespace();
      const objects = [deployment(ns, "web", "nginx:1.25", 1)];
      await h.target("admin", { wait: false }).apply(request(ns, objects));
      // `kubectl edit` of the replica count: another field manager now owns .spec.replicas.
      const edit = await h.admin.request({ method: "PATCH", path: `/apis/apps/v1/namespaces/${ns}/deployments/web`, query: { fieldManager: "kubectl-edit" }, contentType: "application/merge-patch+json", body: { spec: { replicas: 3 } } });
      expect(edit.status).toBe(200);

      const error = await rejection(h.target("admin", { wait: false }).apply(request(ns, objects)));
      expect(error.code).toBe("k8s-conflict");
      expect(error.object_id).toBe(`Deployment/${ns}/web`);
      expect(error.conflicts).toEqual([{ field: ".spec.replicas", manager: "kubectl-edit", message: 'conflict with "kubectl-edit" using apps/v1' }]);
      expect(error.message).toMatch(/\.spec\.replicas \(owned by field manager "kubectl-edit"\)/);
      expect(error.message).toMatch(/force/);

      const forced = await h.target("admin", { wait: false, force: true }).apply(request(ns, objects));
      expect(forced.outcomes!.at(-1)!.action).toBe("configured");
      expect((await get(h, `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.spec.replicas).toBe(1);
    },
  },
  {
    name: "raw body and client certificate",
    async run(h) {
      const ns = h.namespace();
      const target = h.target("admin-cert", { wait: false });
      // A typo'd field reaches the server as rendered (the typed client would drop it silently).
      const typo = { ...configMap(ns, "settings", { A: "1" }), dataa: { B: "2" } };
      const error = await rejection(target.apply(request(ns, [typo])));
      expect(error.object_id).toBe(`ConfigMap/${ns}/settings`);
      expect(error.code).toBe("k8s-server-error");
      expect(error.message).toMatch(/\.dataa: field not declared in schema/);
      expect(error.message).toMatch(/a field this Kubernetes version does not know/);

      const ok = await target.apply(request(ns, [configMap(ns, "settings", { A: "1" })]));
      expect(ok.outcomes!.map((o) => o.action)).toEqual(["configured", "created"]);

      const unknown = await rejection(target.apply(request(ns, [{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: ns } }])));
      expect(unknown.code).toBe("k8s-unknown-kind");
      expect(unknown.object_id).toBe(`Widget/${ns}/w`);
    },
  },
];
