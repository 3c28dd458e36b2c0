import { queryRow, queryRows } from "../test-db";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCloudAccount } from "@/lib/server/cloud-accounts/check-account";
import { checkKubernetesCluster } from "@/lib/server/cloud-accounts/check-kubernetes";
import { credentialsFromKubeconfig } from "@/lib/server/cloud-accounts/credentials";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { listAudit } from "@/lib/server/data/audit";
import { listCloudAccounts } from "@/lib/server/data/resources";
import { SafeError } from "@/lib/server/errors";
import { createCloudAccount, deleteCloudAccount, updateCloudAccount } from "@/lib/server/operations/cloud-accounts";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { ORG, actorFor, seededDb } from "./helpers";

const box = createSecretBox(Buffer.alloc(32, 9));
const TOKEN = "eyJhbGciOi-very-secret-token-0042";
const B64 = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");

async function refused(fn: () => unknown): Promise<SafeError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SafeError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

async function setup() {
  const db = await seededDb();
  const admin = await actorFor(db, "admin@example.com");
  return { db, admin, run: async (op: Parameters<typeof runOperation>[0], input: unknown, actor = admin) => await runOperation(op, input, { db, actor, secrets: box }) };
}

const kubeconfig = (server: string, user: string) => `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: c1
    cluster:
      server: ${server}
      certificate-authority-data: ${B64}
contexts:
  - name: other
    context: {cluster: c1, user: nobody}
  - name: prod
    context: {cluster: c1, user: u1}
users:
  - name: u1
    user:
${user}
`;

describe("cloud accounts", () => {
  it("creates each type with its fields, encrypted and never listed back; refuses wrong fields by name", async () => {
    const { db, run } = await setup();
    const create = createCloudAccount;
    await run(create, { id: "k8s-prod", name: "Prod", type: "kubernetes", credentials: { server: "https://10.0.0.1:6443", token: TOKEN, certificate_authority_data: B64 } });
    await run(create, { id: "aws-main", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG" } });
    await run(create, { id: "aws-role", name: "Role", type: "aws-role", credentials: { aws_role: "arn:aws:iam::123456789012:role/baton", external_id: "ext-1" } });
    await run(create, { id: "gcp-main", name: "GCP", type: "gcp", credentials: { key_json: JSON.stringify({ type: "service_account", client_email: "a@b.iam", private_key: "-----BEGIN PRIVATE KEY-----" }) } });
    await run(create, { id: "azure-main", name: "Azure", type: "azure", credentials: { appId: "app", password: "pw-secret-9", tenant: "t" } });
    const listed = JSON.stringify(await listCloudAccounts(db, ORG));
    expect((await listCloudAccounts(db, ORG)).map((a) => a.type)).toEqual(["aws", "aws-role", "azure", "gcp", "kubernetes"]);
    for (const secret of [TOKEN, "wJalrXUtnFEMI", "pw-secret-9", "PRIVATE KEY"]) {
      expect(listed).not.toContain(secret);
      expect(JSON.stringify((await queryRows(db, "SELECT * FROM cloud_accounts")))).not.toContain(secret);
      expect(JSON.stringify(await listAudit(db, ORG))).not.toContain(secret);
    }
    const noCreds = await refused(async () => await run(create, { id: "k8s-two", name: "x", type: "kubernetes", credentials: { server: "https://x" } }));
    expect(noCreds.details?.fields).toEqual([{ field: "credentials.token", message: "give a token, or a client certificate and key" }]);
    expect((await refused(async () => await run(create, { id: "aws-two", name: "x", type: "aws-role", credentials: { aws_role: "role", external_id: "e" } }))).details?.fields?.[0].field).toBe("credentials.aws_role");
    expect((await refused(async () => await run(create, { id: "aws-main", name: "x", type: "azure", credentials: { appId: "a", password: "b", tenant: "c" } }))).code).toBe("conflict");
  });

  it("reads a pasted kubeconfig's current context; refuses file paths and exec plugins by name", async () => {
    expect(credentialsFromKubeconfig(kubeconfig("https://k.example:6443", `      token: ${TOKEN}`))).toEqual({ server: "https://k.example:6443", certificate_authority_data: B64, token: TOKEN });
    expect((await refused(() => credentialsFromKubeconfig(kubeconfig("https://k", "      client-certificate: /home/me/cert.pem\n      client-key: /k")))).message).toContain("users[u1].client-certificate is a file path");
    expect((await refused(() => credentialsFromKubeconfig(kubeconfig("https://k", "      exec: {command: aws}")))).message).toContain("exec plugin");
    expect((await refused(() => credentialsFromKubeconfig("apiVersion: v1\ncurrent-context: nope\ncontexts: []"))).message).toContain('current-context "nope" is not in contexts');
  });

  it("replaces credentials write-only; 'in use' by a definition blocks deletion", async () => {
    const { db, run } = await setup();
    await run(createCloudAccount, { id: "k8s-prod", name: "Prod", type: "kubernetes", credentials: { kubeconfig: kubeconfig("https://k:6443", `      token: ${TOKEN}`) } });
    await run(updateCloudAccount, { id: "k8s-prod", credentials: { server: "https://k2:6443", token: "other-token" } });
    const enc = ((await queryRow(db, "SELECT credentials_enc FROM cloud_accounts")) as { credentials_enc: string }).credentials_enc;
    expect(JSON.parse(box.decrypt(enc))).toEqual({ server: "https://k2:6443", token: "other-token" });

    await run(saveDefinition, {
      mode: "create",
      id: "cluster",
      name: "Cluster",
      type: "k8s-cluster",
      driverType: "humanitec/k8s-cluster",
      driverAccount: "k8s-prod",
      valuesYaml: "cluster_data:\n  server: https://k2:6443\n",
      secrets: { action: "keep" },
    });
    expect((await listCloudAccounts(db, ORG))[0].usedBy.definitions).toEqual(["cluster"]);
    expect((await refused(async () => await run(deleteCloudAccount, { id: "k8s-prod" }))).message).toContain('in use by resource definition(s) "cluster"');
    expect((await refused(async () => await run(deleteCloudAccount, { id: "k8s-prod" }, await actorFor(db, "manager@baton.local")))).code).toBe("forbidden");
  });
});

describe("checking a kubernetes account", () => {
  const servers: { close(): void }[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  function listen(server: http.Server | https.Server): Promise<number> {
    servers.push(server);
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  }

  const apiServer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url !== "/version") return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end("Unauthorized");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ gitVersion: "v1.31.2", platform: "linux/amd64" }));
  };

  it("reports the version, a refused token (401) and a closed port, and audits the outcome only", async () => {
    const port = await listen(http.createServer(apiServer));
    const server = `http://127.0.0.1:${port}`;
    expect(await checkKubernetesCluster({ server, token: TOKEN })).toEqual({ ok: true, version: "v1.31.2", platform: "linux/amd64" });
    expect(await checkKubernetesCluster({ server, token: "wrong" })).toMatchObject({ ok: false, reason: "unauthorized", message: expect.stringContaining("401") });

    const closed = http.createServer();
    const closedPort = await listen(closed);
    closed.close();
    expect(await checkKubernetesCluster({ server: `http://127.0.0.1:${closedPort}`, token: TOKEN })).toMatchObject({ ok: false, reason: "connection" });

    const { db, admin, run } = await setup();
    await run(createCloudAccount, { id: "k8s-local", name: "Local", type: "kubernetes", credentials: { server, token: TOKEN } });
    expect(await checkCloudAccount(db, box, admin, "k8s-local", { requestId: "r1" })).toMatchObject({ ok: true, version: "v1.31.2" });
    const audit = (await listAudit(db, ORG))[0];
    expect(audit).toMatchObject({ action: "account.check", target: "account/k8s-local", details: { ok: true, version: "v1.31.2" } });
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    await expect(checkCloudAccount(db, box, await actorFor(db, "developer@baton.local"), "k8s-local", { requestId: "r2" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it.skipIf(!hasOpenssl())("reports an untrusted certificate as a TLS failure, and succeeds with the CA data", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "baton-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    const cert = readFileSync(`${dir}/cert.pem`);
    const port = await listen(https.createServer({ key: readFileSync(`${dir}/key.pem`), cert }, apiServer));
    const server = `https://127.0.0.1:${port}`;
    expect(await checkKubernetesCluster({ server, token: TOKEN })).toMatchObject({ ok: false, reason: "tls", message: expect.stringContaining("TLS verification") });
    expect(await checkKubernetesCluster({ server, token: TOKEN, certificate_authority_data: cert.toString("base64") })).toMatchObject({ ok: true, version: "v1.31.2" });
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    console.warn("skipping the TLS check test: openssl is not installed");
    return false;
  }
}
