import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { SafeError } from "@/lib/server/errors";

/**
 * Credentials of each cloud account type (humanitec-model.md §1). They are encrypted at rest
 * and write-only: nothing here is ever sent back to a page.
 */
export const ACCOUNT_TYPES = ["kubernetes", "aws", "aws-role", "gcp", "gcp-identity", "azure", "azure-identity"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

const required = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`);
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const base64 = (what: string) =>
  optional.refine((v) => v === undefined || /^[A-Za-z0-9+/=\s]+$/.test(v), `${what} must be base64 (as in a kubeconfig's *-data fields)`);

export const kubernetesCredentials = z
  .object({
    server: required("server").refine((v) => /^https?:\/\/[^\s/]+/.test(v), "server must be a URL such as https://203.0.113.10:6443"),
    certificate_authority_data: base64("certificate_authority_data"),
    token: optional,
    client_certificate_data: base64("client_certificate_data"),
    client_key_data: base64("client_key_data"),
    insecure_skip_tls_verify: z.boolean().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const hasCert = !!c.client_certificate_data || !!c.client_key_data;
    if (!c.token && !hasCert) ctx.addIssue({ code: "custom", path: ["token"], message: "give a token, or a client certificate and key" });
    if (hasCert && !(c.client_certificate_data && c.client_key_data)) {
      ctx.addIssue({ code: "custom", path: [c.client_certificate_data ? "client_key_data" : "client_certificate_data"], message: "a client certificate needs its key (and the key its certificate)" });
    }
  });
export interface KubernetesCredentials {
  server: string;
  certificate_authority_data?: string;
  token?: string;
  client_certificate_data?: string;
  client_key_data?: string;
  insecure_skip_tls_verify?: boolean;
}

const gcpServiceAccountKey = z
  .object({
    type: required("type").refine((t) => t === "service_account", 'type must be "service_account" (a service account key)'),
    client_email: required("client_email"),
    private_key: required("private_key").refine((k) => k.includes("PRIVATE KEY"), "private_key must be the key's PEM text"),
  })
  .catchall(z.unknown());

/**
 * Humanitec's gcp credentials are the service-account key object itself; Baton's form sends
 * the key file's text as `key_json`. Both are stored as the key object.
 */
function gcpCredentials() {
  return z.record(z.string(), z.unknown()).transform((raw, ctx) => {
    let key: unknown = raw;
    const fromFile = "key_json" in raw;
    if (fromFile) {
      try {
        key = JSON.parse(String(raw.key_json));
      } catch {
        ctx.addIssue({ code: "custom", path: ["key_json"], message: "key_json must be the service account key JSON file's content" });
        return z.NEVER;
      }
    }
    const parsed = gcpServiceAccountKey.safeParse(key);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: fromFile ? ["key_json", ...issue.path] : issue.path, message: issue.message });
    return z.NEVER;
  });
}

export const CREDENTIAL_SCHEMAS = {
  kubernetes: kubernetesCredentials,
  aws: z
    .object({
      aws_access_key_id: required("aws_access_key_id").regex(/^[A-Z0-9]{16,128}$/, "aws_access_key_id looks like AKIA… (upper-case letters and digits)"),
      aws_secret_access_key: required("aws_secret_access_key"),
    })
    .strict(),
  "aws-role": z
    .object({
      aws_role: required("aws_role").regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "aws_role must be a role ARN: arn:aws:iam::123456789012:role/name"),
      external_id: required("external_id"),
    })
    .strict(),
  gcp: gcpCredentials(),
  "gcp-identity": z.object({ gcp_service_account: required("gcp_service_account"), gcp_audience: required("gcp_audience") }).strict(),
  azure: z.object({ appId: required("appId"), displayName: optional, password: required("password"), tenant: required("tenant") }).strict(),
  "azure-identity": z.object({ azure_identity_tenant_id: required("azure_identity_tenant_id"), azure_identity_client_id: required("azure_identity_client_id") }).strict(),
} satisfies Record<AccountType, z.ZodType>;

/** Field names per type, for the form (in order). */
export const CREDENTIAL_FIELDS: Record<AccountType, { name: string; label: string; multiline?: boolean; optional?: boolean }[]> = {
  kubernetes: [
    { name: "server", label: "API server URL" },
    { name: "certificate_authority_data", label: "CA data (base64)", multiline: true, optional: true },
    { name: "token", label: "Bearer token", multiline: true, optional: true },
    { name: "client_certificate_data", label: "Client certificate data (base64)", multiline: true, optional: true },
    { name: "client_key_data", label: "Client key data (base64)", multiline: true, optional: true },
  ],
  aws: [
    { name: "aws_access_key_id", label: "Access key id" },
    { name: "aws_secret_access_key", label: "Secret access key" },
  ],
  "aws-role": [
    { name: "aws_role", label: "Role ARN" },
    { name: "external_id", label: "External id" },
  ],
  gcp: [{ name: "key_json", label: "Service account key (JSON)", multiline: true }],
  "gcp-identity": [
    { name: "gcp_service_account", label: "Service account email" },
    { name: "gcp_audience", label: "Workload identity provider audience" },
  ],
  azure: [
    { name: "appId", label: "Application (client) id" },
    { name: "displayName", label: "Display name", optional: true },
    { name: "password", label: "Client secret" },
    { name: "tenant", label: "Tenant id" },
  ],
  "azure-identity": [
    { name: "azure_identity_tenant_id", label: "Tenant id" },
    { name: "azure_identity_client_id", label: "Client id" },
  ],
};

function invalid(message: string, field: string): SafeError {
  return new SafeError("invalid", `${field}: ${message}`, { fields: [{ field, message }] });
}

type KubeEntry<K extends string, V> = { name?: string } & Record<K, V>;

/**
 * The cluster, CA and user of a pasted kubeconfig's current context (or its only context).
 * Paths to files and exec plugins cannot work on a server: they are refused by name.
 */
export function credentialsFromKubeconfig(text: string): KubernetesCredentials {
  let doc: Record<string, unknown>;
  try {
    doc = parseYaml(text) as Record<string, unknown>;
  } catch (e) {
    throw invalid(`not valid YAML: ${(e as Error).message.split("\n")[0]}`, "kubeconfig");
  }
  if (!doc || typeof doc !== "object") throw invalid("must be a kubeconfig (apiVersion: v1, kind: Config)", "kubeconfig");
  const contexts = (doc.contexts ?? []) as KubeEntry<"context", { cluster?: string; user?: string }>[];
  const clusters = (doc.clusters ?? []) as KubeEntry<"cluster", Record<string, unknown>>[];
  const users = (doc.users ?? []) as KubeEntry<"user", Record<string, unknown>>[];
  const current = typeof doc["current-context"] === "string" ? (doc["current-context"] as string) : undefined;
  const context = current ? contexts.find((c) => c.name === current) : contexts.length === 1 ? contexts[0] : undefined;
  if (!context?.context) {
    throw invalid(current ? `current-context "${current}" is not in contexts` : "set current-context (the kubeconfig has several contexts or none)", "kubeconfig");
  }
  const cluster = clusters.find((c) => c.name === context.context.cluster)?.cluster;
  if (!cluster) throw invalid(`cluster "${context.context.cluster}" of context "${context.name}" is not in clusters`, "kubeconfig");
  const user = users.find((u) => u.name === context.context.user)?.user ?? {};
  if (typeof cluster["certificate-authority"] === "string") throw invalid(`clusters[${context.context.cluster}].certificate-authority is a file path; paste certificate-authority-data instead`, "kubeconfig");
  for (const key of ["client-certificate", "client-key", "tokenFile"]) {
    if (typeof user[key] === "string") throw invalid(`users[${context.context.user}].${key} is a file path; use the *-data field or a token`, "kubeconfig");
  }
  if (user.exec || user["auth-provider"]) {
    throw invalid(`users[${context.context.user}] uses an exec plugin or auth provider, which a server cannot run; use a service account token`, "kubeconfig");
  }
  const creds = {
    server: String(cluster.server ?? ""),
    certificate_authority_data: cluster["certificate-authority-data"] as string | undefined,
    token: user.token as string | undefined,
    client_certificate_data: user["client-certificate-data"] as string | undefined,
    client_key_data: user["client-key-data"] as string | undefined,
    insecure_skip_tls_verify: cluster["insecure-skip-tls-verify"] === true ? true : undefined,
  };
  return parseCredentials("kubernetes", creds) as unknown as KubernetesCredentials;
}

/** Validates credentials of a type; field errors are named `credentials.<field>`. */
export function parseCredentials(type: AccountType, raw: unknown): Record<string, unknown> {
  const parsed = CREDENTIAL_SCHEMAS[type].safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: ["credentials", ...i.path.map(String)].join("."), message: i.message }));
    throw new SafeError("invalid", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
  }
  // Drop unset optional fields so the sealed JSON holds only what was given.
  return Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).filter(([, v]) => v !== undefined));
}
