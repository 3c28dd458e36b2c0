import { describe, expect, it } from "vitest";
import { createGoTemplateEngine } from "@/lib/engine/drivers/go-template-engine";
import { createDnsWildcardDriver, hpaDriver, ingressDriver, volumeNfsDriver, volumePvcDriver } from "@/lib/engine/drivers/generators";
import { k8sClusterDriver, k8sClusterGitDriver } from "@/lib/engine/drivers/k8s-cluster";
import { createTemplateDriver } from "@/lib/engine/drivers/template";
import type { DriverInput, DriverOutput } from "@/lib/engine/drivers/types";

const input = (over: Partial<DriverInput> & { values?: Record<string, unknown>; secrets?: Record<string, unknown> } = {}): DriverInput => ({
  context: { org_id: "o", app_id: "shop", env_id: "dev", env_type: "development", deploy_id: "d1", type: "x", class: "default", res_id: "modules.api.externals.data", guresid: "0123456789abcdef0123456789abcdef01234567" },
  driver: { values: over.values ?? {}, secrets: over.secrets ?? {} },
  resource: over.resource ?? {},
  cookie: over.cookie ?? null,
});

describe("drivers", () => {
  it("k8s-cluster and k8s-cluster-git describe their targets without secret values", async () => {
    const cluster = (await k8sClusterDriver.provision(input({ values: { loadbalancer: "1.2.3.4", cluster_data: { server: "https://k:6443", "certificate-authority-data": "Q0E=" } }, secrets: { credentials: { token: "t" } } }))) as DriverOutput;
    expect(cluster.target).toEqual({ kind: "kubernetes", server: "https://k:6443", certificate_authority_data: "Q0E=", loadbalancer: "1.2.3.4", credentials: { token: true } });
    expect(() => k8sClusterDriver.provision(input({ values: { cluster_data: { server: "https://k" } } }))).toThrow(/needs a token/);
    const git = (await k8sClusterGitDriver.provision(input({ values: { url: "git@h:o/r.git", path: "shop/dev" }, secrets: { credentials: { ssh_key: "k" } } }))) as DriverOutput;
    expect(git.target).toEqual({ kind: "gitops", url: "git@h:o/r.git", branch: "main", path: "shop/dev", credentials: { ssh_key: true } });
    // Read access to the cluster that syncs the repository (the runtime view): values pass through, the token stays secret.
    const readable = (await k8sClusterGitDriver.provision(input({ values: { url: "git@h:o/r.git", runtime_server: "https://k:6443", runtime_certificate_authority_data: "Q0E=" }, secrets: { credentials: { ssh_key: "k", runtime_token: "rt" } } }))) as DriverOutput;
    expect(readable.values).toMatchObject({ runtime_server: "https://k:6443", runtime_certificate_authority_data: "Q0E=" });
    expect(JSON.stringify(readable.values)).not.toContain("rt\"");
    expect(readable.secrets).toEqual({ credentials: { ssh_key: "k", runtime_token: "rt" } });
  });

  it("volume-pvc and volume-nfs emit a claim and the pod volume", async () => {
    const pvc = (await volumePvcDriver.provision(input({ values: { access_modes: "ReadWriteOnce", capacity: "10Gi" } }))) as DriverOutput;
    expect(pvc.manifests.map((m) => `${m.location}:${m.data.kind ?? "Volume"}`)).toEqual(["namespace:PersistentVolumeClaim", "volumes:Volume"]);
    expect((pvc.manifests[1].data.persistentVolumeClaim as { claimName: string }).claimName).toBe(pvc.values.claim_name);
    const nfs = (await volumeNfsDriver.provision(input({ values: { server: "nfs.local", path: "/" } }))) as DriverOutput;
    expect(nfs.manifests.map((m) => m.location)).toEqual(["cluster", "namespace", "volumes"]);
  });

  it("hpa targets the workload of the res_id; ingress routes the dns host", async () => {
    const hpa = (await hpaDriver.provision(input({ values: { minReplicas: 2, maxReplicas: 5 } }))) as DriverOutput;
    expect(hpa.manifests[0].data.spec).toMatchObject({ scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicas: 2, maxReplicas: 5 });
    expect(() => hpaDriver.provision(input({ values: { minReplicas: 6, maxReplicas: 5 } }))).toThrow(/minReplicas/);
    const ingress = (await ingressDriver.provision(input({ values: { class: "nginx", tls_secret_name: "tls" }, resource: { host: "a.example", routes: [{ path: "/", service: "api", port: 80 }] } }))) as DriverOutput;
    expect(ingress.manifests[0].data.spec).toEqual({
      ingressClassName: "nginx",
      rules: [{ host: "a.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } }],
      tls: [{ hosts: ["a.example"], secretName: "tls" }],
    });
  });

  it("dns-wildcard renders its Go template sub-domain", async () => {
    const driver = createDnsWildcardDriver(createGoTemplateEngine());
    const out = (await driver.provision(input({ values: { domain: "my-domain.com", template: '{{ index (splitList "." "modules.api.externals.dns") 1 }}-dev-shop' } }))) as DriverOutput;
    expect(out.values).toEqual({ host: "api-dev-shop.my-domain.com" });
  });

  it("template driver: workload outputs.update becomes a patch; bad locations are errors", async () => {
    const driver = createTemplateDriver(createGoTemplateEngine());
    const workloadInput = { ...input({ values: { templates: { outputs: "update:\n- op: add\n  path: /spec/serviceAccountName\n  value: {{ .id | trunc 8 }}\n" } } }), context: { ...input().context, type: "workload", res_id: "modules.api" } };
    const out = (await driver.provision(workloadInput)) as DriverOutput;
    // yaml.v3 reads the unquoted 01234567 as an octal integer, as Go would
    expect(out.workloadUpdate).toEqual([{ op: "add", path: "/spec/serviceAccountName", value: 0o1234567 }]);
    expect(out.values).toEqual({});
    expect(() => driver.provision(input({ values: { templates: { manifests: "x.yaml:\n  location: nowhere\n  data: {kind: ConfigMap}\n" } } }))).toThrow(/location "nowhere"/);
    expect(() => driver.provision(input({ values: { templates: { init: "{{ .cookie.name }}" } } }))).toThrow(/nil pointer|init/);
  });
});
