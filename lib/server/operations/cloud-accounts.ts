import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { cloudAccounts } from "@/db/tables";
import { DEFINITION_ID_PATTERN } from "@/lib/engine/definitions";
import { ACCOUNT_TYPES, credentialsFromKubeconfig, parseCredentials, type AccountType } from "@/lib/server/cloud-accounts/credentials";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { accountUsage } from "@/lib/server/data/resources";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation, secretsOf } from "./operation";

const accountId = z
  .string()
  .trim()
  .regex(DEFINITION_ID_PATTERN, "account id: use at least 3 lowercase letters, digits or dashes, starting and ending with a letter or digit")
  .max(100);

/** Credentials as fields of the type, or (kubernetes) a pasted kubeconfig. */
const credentialsInput = z.union([z.object({ kubeconfig: z.string().min(1).max(256 * 1024) }).strict(), z.record(z.string(), z.unknown())]);

function sealCredentials(box: SecretBox, type: AccountType, raw: z.infer<typeof credentialsInput>): string {
  const creds = "kubeconfig" in raw && typeof raw.kubeconfig === "string"
    ? type === "kubernetes"
      ? credentialsFromKubeconfig(raw.kubeconfig)
      : (() => {
          throw new SafeError("invalid", "credentials.kubeconfig: only kubernetes accounts take a kubeconfig", { fields: [{ field: "credentials.kubeconfig", message: "only for kubernetes accounts" }] });
        })()
    : parseCredentials(type, raw);
  return box.encrypt(JSON.stringify(creds));
}

async function getAccountRow(tx: Parameters<typeof accountUsage>[0], orgId: string, id: string) {
  return await first(tx.select().from(cloudAccounts).where(and(eq(cloudAccounts.orgId, orgId), eq(cloudAccounts.id, id))));
}

export const createCloudAccountInput = z.object({
  id: accountId,
  name: z.string().trim().min(1, "name is required").max(100),
  type: z.enum(ACCOUNT_TYPES, { error: `type must be one of ${ACCOUNT_TYPES.join(", ")}` }),
  credentials: credentialsInput,
});

export const createCloudAccount = defineOperation({
  name: "account.create",
  input: createCloudAccountInput,
  permission: () => ({ action: "account.manage" }),
  async execute(tx, input, ctx) {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    if ((await getAccountRow(tx, actor.orgId, input.id))) {
      throw new SafeError("conflict", `A cloud account with id "${input.id}" already exists`, { fields: [{ field: "id", message: "already exists" }] });
    }
    const credentialsEnc = sealCredentials(box, input.type, input.credentials);
    await tx.insert(cloudAccounts).values({ orgId: actor.orgId, id: input.id, name: input.name, type: input.type, credentialsEnc, createdAt: new Date().toISOString(), createdBy: actor.email });
    return { id: input.id, type: input.type };
  },
  // Credentials never enter the audit log.
  audit: (input) => ({ target: `account/${input.id}`, details: { type: input.type, name: input.name } }),
});

export const updateCloudAccountInput = z.object({
  id: accountId,
  name: z.string().trim().min(1, "name is required").max(100).optional(),
  /** Replaces the stored credentials entirely (write-only); omitted: kept. */
  credentials: credentialsInput.optional(),
});

export const updateCloudAccount = defineOperation({
  name: "account.update",
  input: updateCloudAccountInput,
  permission: () => ({ action: "account.manage" }),
  async execute(tx, input, ctx) {
    const { actor } = ctx;
    const box = secretsOf(ctx);
    const row = await getAccountRow(tx, actor.orgId, input.id);
    if (!row) throw notFound(`Cloud account "${input.id}"`);
    const set: Partial<typeof cloudAccounts.$inferInsert> = {};
    if (input.name) set.name = input.name;
    if (input.credentials) set.credentialsEnc = sealCredentials(box, row.type as AccountType, input.credentials);
    if (Object.keys(set).length > 0) await tx.update(cloudAccounts).set(set).where(and(eq(cloudAccounts.orgId, actor.orgId), eq(cloudAccounts.id, input.id)));
    return { id: input.id, credentialsReplaced: input.credentials !== undefined };
  },
  audit: (input, result) => ({ target: `account/${input.id}`, details: { name: input.name ?? null, credentialsReplaced: result.credentialsReplaced } }),
});

export const deleteCloudAccountInput = z.object({ id: accountId });

/** Refused while a definition or an active resource names the account ("in use"). */
export const deleteCloudAccount = defineOperation({
  name: "account.delete",
  input: deleteCloudAccountInput,
  permission: () => ({ action: "account.manage" }),
  async execute(tx, input, { actor }) {
    if (!(await getAccountRow(tx, actor.orgId, input.id))) throw notFound(`Cloud account "${input.id}"`);
    const usage = await accountUsage(tx, actor.orgId, input.id);
    if (usage.definitions.length > 0 || usage.activeResources > 0) {
      const parts = [
        usage.definitions.length > 0 ? `resource definition(s) ${usage.definitions.map((d) => `"${d}"`).join(", ")}` : "",
        usage.activeResources > 0 ? `${usage.activeResources} active resource(s)` : "",
      ].filter(Boolean);
      throw new SafeError("conflict", `Cloud account "${input.id}" is in use by ${parts.join(" and ")}; change their driver_account first`, { usage });
    }
    await tx.delete(cloudAccounts).where(and(eq(cloudAccounts.orgId, actor.orgId), eq(cloudAccounts.id, input.id)));
    return { id: input.id };
  },
  audit: (input) => ({ target: `account/${input.id}` }),
});
