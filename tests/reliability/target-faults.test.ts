import { sqliteClientOf } from "@/db/client";
import fs from "node:fs";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createKubernetesTarget } from "@/lib/engine/targets/kubernetes";
import { listDeploymentErrors } from "@/lib/server/data/deployments";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { createApplication } from "@/lib/server/operations/create-application";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { deployFixture } from "../server/deploy-fixture";

/**
 * Targets that fail: a GitOps remote that is gone (the deployment fails with a clear error
 * and the retry works once it is back) and a cluster that accepts connections and never
 * answers (a failed deployment or a timeout error, never a hung worker). The vitest timeout
 * is the hang detector; nothing here asserts durations.
 */
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The fixture's workload reads MOTD. */
async function fixture() {
  const f = await deployFixture();
  await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello" }, f.ctx);
  return f;
}

function statusOf(f: Awaited<ReturnType<typeof fixture>>, id: string) {
  return (sqliteClientOf(f.db)!.prepare("SELECT status FROM deployments WHERE id = ?").get(id) as { status: string }).status;
}

/** A TCP server that accepts every connection and never sends a byte. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("GitOps remote gone", () => {
  it("fails the deployment with an error naming the repository, frees the environment, and a retry succeeds", async () => {
    const f = await fixture();
    cleanup.push(() => f.worker.stop());
    // A first deployment succeeds, so the working clone exists.
    const first = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect(statusOf(f, first.id)).toBe("succeeded");

    const moved = `${f.remote}.gone`;
    fs.renameSync(f.remote, moved);
    const failing = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:2" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect(statusOf(f, failing.id)).toBe("failed");
    const errors = await listDeploymentErrors(f.db, failing.id);
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe("deploy-failed");
    expect(errors[0].message).toContain(f.remote);
    expect((sqliteClientOf(f.db)!.prepare("SELECT count(*) AS n FROM environment_locks").get() as { n: number }).n).toBe(0);

    fs.renameSync(moved, f.remote);
    const retry = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:2" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect(await listDeploymentErrors(f.db, retry.id)).toEqual([]);
    expect(statusOf(f, retry.id)).toBe("succeeded");
  });
});

describe("one GitOps repository, many environments at once", () => {
  // Found by `npm run bench -- load`: five applications deploying at once lost pushes to each other.
  it("five applications deploying concurrently all succeed, twice in a row", async () => {
    const f = await fixture();
    cleanup.push(() => f.worker.stop());
    const apps = ["app-1", "app-2", "app-3", "app-4", "app-5"];
    for (const app of apps) {
      await runOperation(createApplication, { id: app }, f.ctx);
      await runOperation(saveWorkloadVersion, { appId: app, scoreYaml: `apiVersion: score.dev/v1b1\nmetadata:\n  name: ${app}\ncontainers:\n  main:\n    image: nginx:1.27\n` }, f.ctx);
    }
    for (let round = 1; round <= 2; round++) {
      const ids = await Promise.all(apps.map(async (app) => (await runOperation(deployEnvironment, { appId: app, envId: "development", workloads: [{ workloadId: app, image: `nginx:1.${round}` }] }, f.ctx)).id));
      f.worker.kick();
      await f.worker.idle();
      const outcome = await Promise.all(ids.map(async (id) => ({ id, status: await statusOf(f, id), errors: (await listDeploymentErrors(f.db, id)).map((e) => e.message) })));
      expect(outcome.filter((o) => o.status !== "succeeded")).toEqual([]);
    }
  }, 300_000);
});

describe("a cluster that never answers", () => {
  it("the Kubernetes target gives up with a timeout error naming the server", async () => {
    const silent = await silentServer();
    cleanup.push(() => silent.close());
    const server = `https://127.0.0.1:${silent.port}`;
    const target = createKubernetesTarget({ server, token: "t", insecureSkipTlsVerify: true, requestTimeoutMs: 1000, wait: false });
    const outcome = await target
      .apply({ app_id: "shop", env_id: "development", deploy_id: "d1", namespace: "shop-dev", objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "shop-dev" }, data: {} }] })
      .then(
        () => "applied",
        (err: Error) => err.message,
      );
    expect(outcome).not.toBe("applied");
    expect(outcome).toMatch(/within 1 s|timed out|timeout/i);
    expect(outcome).toContain(`127.0.0.1:${silent.port}`);
  });

  it("a deployment to a humanitec/k8s-cluster definition pointing at it ends failed and the worker goes idle", async () => {
    const silent = await silentServer();
    cleanup.push(() => silent.close());
    const f = await fixture();
    cleanup.push(() => f.worker.stop());
    await runOperation(
      saveDefinition,
      {
        mode: "create",
        id: "silent-cluster",
        name: "Silent cluster",
        type: "k8s-cluster",
        driverType: "humanitec/k8s-cluster",
        valuesYaml: `cluster_data:\n  server: https://127.0.0.1:${silent.port}\n`,
        secrets: { action: "replace", yaml: "credentials:\n  token: t\n" },
        criteria: [{ env_type: "development" }],
      },
      f.ctx,
    );
    const dep = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect(statusOf(f, dep.id)).toBe("failed");
    const [error] = await listDeploymentErrors(f.db, dep.id);
    expect(error.message).toMatch(/timed out|timeout|within \d+ s/i);
    expect(error.message).toContain(`127.0.0.1:${silent.port}`);
    expect((sqliteClientOf(f.db)!.prepare("SELECT count(*) AS n FROM environment_locks").get() as { n: number }).n).toBe(0);
    // The target's default request timeout is 30 s: a few of them in a row, then the failure.
  }, 300_000);
});
