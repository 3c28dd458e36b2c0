/**
 * Webhooks through Humanitec's own client and a real receiver on 127.0.0.1: a deployment
 * produces signed "started" and "finished" deliveries, a receiver failing once gets a retry,
 * addresses inside the installation are refused, the secret never comes back, and two workers
 * never make the same attempt.
 */
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Configuration, PublicApi, ResponseError, instanceOfWebhookResponse, instanceOfWebhookUpdateResponse } from "@humanitec/autogen";
import { startWorker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { getRuntime, setRuntimeForTests } from "@/lib/server/runtime";
import { checkWebhookUrl, isNonPublicAddress, parseAllowedHosts, resolveDeliveryAddress } from "@/lib/server/webhooks/address";
import { postWebhook } from "@/lib/server/webhooks/deliver";
import { setWebhookAllowedHostsForTests } from "@/lib/server/webhooks/operations";
import { enqueueWebhookEvent } from "@/lib/server/webhooks/outbox";
import { claimDueDelivery, startWebhookWorker } from "@/lib/server/webhooks/worker";
import { ORG, callApi, createHarness, dispatch, withShop, type Harness } from "./api/harness";

const SECRET = "s3cret-signing-key-0123456789";

interface Problem {
  message: string;
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 answering with `statuses` in turn (the last one repeats). */
async function receiver(statuses: number[] = [200]) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)];
      res.end(res.statusCode === 200 ? "thanks" : "try again later");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function client(token: string): PublicApi {
  return new PublicApi(new Configuration({ basePath: "http://baton.test/api/v1", headers: { Authorization: `Bearer ${token}` }, fetchApi: async (url, init) => await dispatch(new Request(String(url), init)) }));
}

const verify = (r: Received) => {
  const ts = String(r.headers["x-baton-timestamp"]);
  return r.headers["x-baton-signature"] === `sha256=${createHmac("sha256", SECRET).update(`${ts}.${r.body}`).digest("hex")}`;
};

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await withShop(h);
});
afterEach(() => setWebhookAllowedHostsForTests(undefined));
afterAll(() => setRuntimeForTests(undefined));

const hooks = () => `/orgs/${ORG}/apps/shop/webhooks`;
const create = async (body: Record<string, unknown>, token = h.tokens.admin) => await callApi("POST", hooks(), { token, body });

describe("webhook URLs", () => {
  it("refuses addresses inside the installation, credentials and unparsable URLs, naming the field url", async () => {
    setWebhookAllowedHostsForTests([]);
    for (const url of ["https://10.0.0.1/hook", "http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://[::1]/hook", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/", "https://[fd12::1]/", "https://[::ffff:10.0.0.1]/", "https://localhost/hook"]) {
      const r = await create({ url, triggers: [{ scope: "deployment", type: "started" }] });
      expect(r.status, url).toBe(400);
      expect((r.body as Problem).message, url).toMatch(/^url: /);
    }
    const creds = await create({ url: "https://bob:hunter2pass@hooks.example.com/x" });
    expect(creds.status).toBe(400);
    expect(JSON.stringify(creds.body)).not.toContain("hunter2pass");
    const bad = await create({ url: "https://exa mple.com/" });
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).message).toMatch(/^url: is not a valid URL/);
    const trigger = await create({ url: "https://hooks.example.com/", triggers: [{ scope: "deployment", type: "exploded" }] });
    expect(trigger.status).toBe(400);
    expect((trigger.body as Problem).message).toContain("triggers.0");
    expect(isNonPublicAddress("8.8.8.8")).toBe(false);
    expect(isNonPublicAddress("2001:4860:4860::8888")).toBe(false);
    expect(isNonPublicAddress("::ffff:7f00:1")).toBe(true);
    expect([...parseAllowedHosts(" 127.0.0.1, [::1] ,Hooks.Internal")]).toEqual(["127.0.0.1", "::1", "hooks.internal"]);
  });

  it("checks the address again at delivery and connects to exactly that address (no DNS rebinding)", async () => {
    const answers = (...addresses: string[]) => (async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))) as unknown as typeof import("node:dns/promises").lookup;
    // Public when written, loopback when delivered: refused at delivery.
    expect(await checkWebhookUrl("https://rebind.example.net/x", new Set(), answers("93.184.215.14"))).toEqual({ ok: true, url: "https://rebind.example.net/x" });
    await expect(resolveDeliveryAddress(new URL("https://rebind.example.net/x"), new Set(), answers("93.184.215.14", "127.0.0.1"))).rejects.toThrow(/resolves to 127\.0\.0\.1, which is a private/);
    expect(await resolveDeliveryAddress(new URL("https://rebind.example.net/x"), new Set(), answers("93.184.215.14"))).toEqual({ address: "93.184.215.14", family: 4 });
    // The connection goes to the checked address whatever the name would resolve to now.
    const rx = await receiver();
    try {
      const port = new URL(rx.url).port;
      const r = await postWebhook({ url: new URL(`http://no-such-host.invalid:${port}/hook`), address: { address: "127.0.0.1", family: 4 }, headers: { "Content-Type": "application/json" }, body: "{}" });
      expect(r).toMatchObject({ statusCode: 200, error: null, response: "thanks" });
      expect(rx.got[0].headers.host).toBe(`no-such-host.invalid:${port}`);
    } finally {
      await rx.close();
    }
  });

  it("accepts an allowed host, and a developer of the app may not write hooks", async () => {
    setWebhookAllowedHostsForTests(["127.0.0.1"]);
    expect((await create({ url: "http://127.0.0.1:9/hook" }, h.tokens.developer)).status).toBe(403);
    const r = await create({ id: "allowed", url: "http://127.0.0.1:9/hook" });
    expect(r.status).toBe(201);
    expect((await callApi("DELETE", `${hooks()}/allowed`, { token: h.tokens.admin })).status).toBe(204);
  });
});

describe("webhook deliveries", () => {
  it("round-trips through Humanitec's client, and a deployment posts signed started and finished deliveries", async () => {
    setWebhookAllowedHostsForTests(["127.0.0.1"]);
    const rx = await receiver();
    const secrets = (await getRuntime()).secrets;
    const webhooks = startWebhookWorker({ db: h.db, secrets, orgId: ORG, log: logger, allowedHosts: new Set(["127.0.0.1"]), pollMs: 20 });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-webhooks-"));
    const deploys = startWorker({ db: h.db, secrets, dataDir, orgId: ORG, log: logger, pollMs: 20 });
    const admin = client(h.tokens.admin);
    try {
      // The client has no `secret` field: the secret is Baton's, sent on the raw API.
      const created = await create({ id: "deploys", url: rx.url, secret: SECRET, triggers: [{ scope: "deployment", type: "started" }, { scope: "deployment", type: "finished" }], headers: { "X-Env": "${env_id}" } });
      expect(created.status).toBe(201);
      expect(instanceOfWebhookResponse(created.body as object)).toBe(true);
      expect(JSON.stringify(created.body)).not.toContain(SECRET);
      const listed = await admin.orgsOrgIdAppsAppIdWebhooksGet({ orgId: ORG, appId: "shop" });
      expect(listed.map((w) => w.id)).toContain("deploys");
      const viewer = client(h.tokens.developer);
      const got = await viewer.orgsOrgIdAppsAppIdWebhooksJobIdGet({ orgId: ORG, appId: "shop", jobId: "deploys" });
      expect(got).toMatchObject({ id: "deploys", url: rx.url, disabled: false, triggers: [{ scope: "deployment", type: "started" }, { scope: "deployment", type: "finished" }] });
      const viaClient = await admin.orgsOrgIdAppsAppIdWebhooksPost({ orgId: ORG, appId: "shop", WebhookRequest: { id: "via-client", url: rx.url, triggers: [{ scope: "environment", type: "created" }] } });
      expect(viaClient).toMatchObject({ id: "via-client", disabled: false });
      const patched = await admin.orgsOrgIdAppsAppIdWebhooksJobIdPatchRaw({ orgId: ORG, appId: "shop", jobId: "via-client", WebhookRequest: { disabled: true } });
      const patchedRaw = (await patched.raw.clone().json()) as object;
      expect(instanceOfWebhookUpdateResponse(patchedRaw)).toBe(true);
      expect(patchedRaw).toMatchObject({ disabled: true });
      await admin.orgsOrgIdAppsAppIdWebhooksJobIdDelete({ orgId: ORG, appId: "shop", jobId: "via-client" });
      expect(await admin.orgsOrgIdAppsAppIdWebhooksJobIdGet({ orgId: ORG, appId: "shop", jobId: "via-client" }).catch((e: ResponseError) => e.response.status)).toBe(404);

      const remote = path.join(dataDir, "gitops.git");
      execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
      await admin.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "repo", name: "Repo", type: "k8s-cluster", driver_type: "humanitec/k8s-cluster-git", driver_inputs: { values: { url: remote, branch: "main" } }, criteria: [{ app_id: "shop" }] } });
      const delta = await admin.orgsOrgIdAppsAppIdDeltasPost({ orgId: ORG, appId: "shop", DeltaRequest: { metadata: { env_id: "development" }, modules: { add: { web: { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27" } } } } } } } });
      const d = await admin.createDeployment({ orgId: ORG, appId: "shop", envId: "development", DeploymentRequest: { delta_id: delta.id, comment: "hooked" } });
      deploys.kick();
      await deploys.idle();
      await until("two deliveries", () => rx.got.length >= 2);
      const events = rx.got.map((r) => r.headers["x-baton-event"]);
      expect(events).toEqual(["deployment.started", "deployment.finished"]);
      for (const r of rx.got) {
        expect(verify(r)).toBe(true);
        expect(r.headers["x-env"]).toBe("development");
        expect(r.headers["x-baton-delivery"]).toBeTruthy();
        expect(JSON.parse(r.body)).toMatchObject({ deploy_id: d.id, app_id: "shop", env_id: "development", comment: "hooked" });
      }
      expect(JSON.parse(rx.got[1].body)).toMatchObject({ status: "succeeded" });

      const log = await until("the log to show both succeeded", async () => {
        const r = await callApi("GET", `${hooks()}/deploys/deliveries`, { token: h.tokens.developer });
        return (r.body as { status: string }[]).length === 2 && (r.body as { status: string }[]).every((x) => x.status === "succeeded") ? r : undefined;
      });
      expect((log.body as { log: { status_code: number }[] }[])[0].log[0].status_code).toBe(200);
      // Nowhere does the secret come back: not in the hook's answers, its log, nor the audit log.
      for (const p of [hooks(), `${hooks()}/deploys`, `${hooks()}/deploys/deliveries`, `/orgs/${ORG}/audit-logs`]) {
        const r = await callApi("GET", p, { token: h.tokens.admin });
        expect(r.status, p).toBe(200);
        expect(JSON.stringify(r.body), p).not.toContain(SECRET);
      }
    } finally {
      await deploys.stop();
      await webhooks.stop();
      await rx.close();
      await callApi("DELETE", `${hooks()}/deploys`, { token: h.tokens.admin });
    }
  });

  it("retries a receiver that answered 500, with the attempts in the delivery log", async () => {
    setWebhookAllowedHostsForTests(["127.0.0.1"]);
    const rx = await receiver([500, 200]);
    const webhooks = startWebhookWorker({ db: h.db, secrets: (await getRuntime()).secrets, orgId: ORG, log: logger, allowedHosts: new Set(["127.0.0.1"]), pollMs: 20, backoffMs: 50 });
    try {
      expect((await create({ id: "flaky", url: rx.url, secret: SECRET, triggers: [{ scope: "environment", type: "created" }] })).status).toBe(201);
      const env = await callApi("POST", `/orgs/${ORG}/apps/shop/envs`, { token: h.tokens.admin, body: { id: "staging2", name: "Staging 2", type: "staging" } });
      expect(env.status).toBe(201);
      await until("the retry", () => rx.got.length >= 2);
      expect(rx.got.map((r) => r.headers["x-baton-attempt"])).toEqual(["1", "2"]);
      expect(rx.got[0].headers["x-baton-delivery"]).toBe(rx.got[1].headers["x-baton-delivery"]);
      expect(rx.got[0].body).toBe(rx.got[1].body);
      expect(rx.got.every(verify)).toBe(true);
      const [delivery] = (await until("the log", async () => {
        const r = await callApi("GET", `${hooks()}/flaky/deliveries`, { token: h.tokens.admin });
        return (r.body as { status: string }[])[0]?.status === "succeeded" ? r : undefined;
      })).body as { event: unknown; attempts: number; log: { status_code: number; response: string }[] }[];
      expect(delivery).toMatchObject({ event: { scope: "environment", type: "created" }, attempts: 2 });
      expect(delivery.log.map((a) => [a.status_code, a.response])).toEqual([[500, "try again later"], [200, "thanks"]]);
    } finally {
      await webhooks.stop();
      await rx.close();
    }
  });

  it("refuses, at delivery, a host that now is private, and lets only one of two workers take an attempt", async () => {
    // Written while allowed, delivered by a worker whose installation does not allow it.
    setWebhookAllowedHostsForTests(["127.0.0.1"]);
    expect((await create({ id: "rebound", url: "http://127.0.0.1:9/x", triggers: [{ scope: "environment", type: "deleted" }] })).status).toBe(201);
    const n = await h.db.transaction(async (tx) => await enqueueWebhookEvent(tx, { orgId: ORG, appId: "shop", scope: "environment", type: "deleted", properties: { env_id: "gone" } }));
    expect(n).toBe(1);
    const [a, b] = await Promise.all([claimDueDelivery(h.db, { orgId: ORG, holder: "a", leaseMs: 60_000 }), claimDueDelivery(h.db, { orgId: ORG, holder: "b", leaseMs: 60_000 })]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    // Give the lease back so the strict worker takes it.
    await callApi("PATCH", `${hooks()}/rebound`, { token: h.tokens.admin, body: { triggers: [{ scope: "environment", type: "deleted" }] } });
    const { webhookDeliveries } = await import("@/db/tables");
    await h.db.update(webhookDeliveries).set({ leaseHolder: null, leaseExpiresAt: null });
    const strict = startWebhookWorker({ db: h.db, secrets: (await getRuntime()).secrets, orgId: ORG, log: logger, allowedHosts: new Set(), pollMs: 20, maxAttempts: 1 });
    try {
      const [d] = (await until("the refusal", async () => {
        const r = await callApi("GET", `${hooks()}/rebound/deliveries`, { token: h.tokens.admin });
        return (r.body as { status: string }[])[0]?.status === "failed" ? r : undefined;
      })).body as { log: { error: string; status_code: number | null }[] }[];
      expect(d.log[0].status_code).toBeNull();
      expect(d.log[0].error).toContain("private, loopback or link-local");
    } finally {
      await strict.stop();
    }
  });
});
