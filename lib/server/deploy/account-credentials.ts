import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cloudAccounts } from "@/db/tables";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { KubernetesCredentials } from "@/lib/server/cloud-accounts/credentials";
import type { SecretBox } from "@/lib/server/crypto/secret-box";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const sameServer = (a: unknown, b: string) => typeof a === "string" && a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

/**
 * `humanitec/k8s-cluster` definitions whose `driver_account` names a `kubernetes` cloud account
 * get the account's credentials as `secrets.credentials` (token, or client certificate and key),
 * and its CA when the definition gives none for the same server. What the definition states
 * itself wins. Accounts of placeholders (`${resources…}`) are not resolved here.
 * Only the deploy job may call this: the result holds decrypted credentials.
 */
export async function withAccountCredentials(db: DbOrTx, box: SecretBox, orgId: string, definitions: ResourceDefinition[]): Promise<ResourceDefinition[]> {
  const wanted = definitions.filter((d) => d.driver_type === "humanitec/k8s-cluster" && typeof d.driver_account === "string" && d.driver_account !== "");
  if (wanted.length === 0) return definitions;
  const accounts = new Map((await db.select().from(cloudAccounts).where(eq(cloudAccounts.orgId, orgId))).map((a) => [a.id, a]));
  return definitions.map((def) => {
    const account = wanted.includes(def) ? accounts.get(def.driver_account as string) : undefined;
    if (!account || account.type !== "kubernetes") return def;
    const creds = JSON.parse(box.decrypt(account.credentialsEnc)) as KubernetesCredentials;
    const values = { ...(def.driver_inputs?.values ?? {}) } as Json;
    const secrets = { ...(def.driver_inputs?.secrets ?? {}) } as Json;
    const own = isObject(secrets.credentials) ? secrets.credentials : {};
    const ownHasCredentials = typeof own.token === "string" || typeof own["client-certificate-data"] === "string";
    if (!ownHasCredentials) {
      secrets.credentials = {
        ...own,
        ...(creds.token ? { token: creds.token } : {}),
        ...(creds.client_certificate_data && creds.client_key_data ? { "client-certificate-data": creds.client_certificate_data, "client-key-data": creds.client_key_data } : {}),
      };
    }
    const clusterData = isObject(values.cluster_data) ? { ...values.cluster_data } : undefined;
    if (clusterData && sameServer(clusterData.server, creds.server)) {
      if (clusterData["certificate-authority-data"] === undefined && creds.certificate_authority_data) clusterData["certificate-authority-data"] = creds.certificate_authority_data;
      if (clusterData["insecure-skip-tls-verify"] === undefined && creds.insecure_skip_tls_verify) clusterData["insecure-skip-tls-verify"] = true;
      values.cluster_data = clusterData;
    }
    return { ...def, driver_inputs: { ...def.driver_inputs, values, secrets } };
  });
}
