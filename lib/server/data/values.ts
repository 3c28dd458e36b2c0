import { first } from "@/db/raw";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sharedValues, valueSetVersions } from "@/db/tables";
import type { SecretBox } from "@/lib/server/crypto/secret-box";

/** A value as pages and the API see it: secrets never carry their value. */
export interface SharedValueView {
  key: string;
  value: string;
  isSecret: boolean;
  description: string;
  /** `app` for the application level, `env` for an environment override. */
  source: "app" | "env";
  createdAt: string;
  updatedAt: string;
}

/** What a value-set version stores per key (secrets only as ciphertext). */
export interface StoredValue {
  value: string;
  encryptedValue: string | null;
  isSecret: boolean;
  description: string;
  /** Erased from history (value and ciphertext gone); it can be neither restored nor deployed. */
  purged?: boolean;
  /** The value's own timestamps when the version was taken (absent in versions from before 0.8). */
  createdAt?: string;
  updatedAt?: string;
}

function scope(orgId: string, appId: string, envId: string) {
  return and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, appId), eq(sharedValues.envId, envId));
}

export async function listScopeValues(db: DbOrTx, orgId: string, appId: string, envId = ""): Promise<(StoredValue & { key: string; createdAt: string; updatedAt: string })[]> {
  return await db
    .select({
      key: sharedValues.key,
      value: sharedValues.value,
      encryptedValue: sharedValues.encryptedValue,
      isSecret: sharedValues.isSecret,
      description: sharedValues.description,
      createdAt: sharedValues.createdAt,
      updatedAt: sharedValues.updatedAt,
    })
    .from(sharedValues)
    .where(scope(orgId, appId, envId))
    .orderBy(sharedValues.key);
}

function view(v: StoredValue & { key: string; createdAt: string; updatedAt: string }, source: "app" | "env"): SharedValueView {
  return { key: v.key, value: v.isSecret ? "" : v.value, isSecret: v.isSecret, description: v.description, source, createdAt: v.createdAt, updatedAt: v.updatedAt };
}

/** App values, or (with envId) app values merged with the environment's overrides, each tagged with its source. */
export async function listSharedValues(db: DbOrTx, orgId: string, appId: string, envId?: string): Promise<SharedValueView[]> {
  const merged = new Map((await listScopeValues(db, orgId, appId)).map((v) => [v.key, view(v, "app")]));
  if (envId) for (const v of (await listScopeValues(db, orgId, appId, envId))) merged.set(v.key, view(v, "env"));
  return [...merged.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Snapshot of a scope, as stored in value-set versions. */
export async function snapshotScope(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<Record<string, StoredValue>> {
  return Object.fromEntries(
    (await listScopeValues(db, orgId, appId, envId)).map((v) => [
      v.key,
      { value: v.value, encryptedValue: v.encryptedValue, isSecret: v.isSecret, description: v.description, createdAt: v.createdAt, updatedAt: v.updatedAt },
    ]),
  );
}

/** Merges two snapshots (env over app) and decrypts secrets — for the deploy job only. */
export function resolveValues(
  box: SecretBox,
  app: Record<string, StoredValue>,
  env: Record<string, StoredValue>,
): Record<string, { value: unknown; secret?: boolean }> {
  const merged = { ...app, ...env };
  return Object.fromEntries(
    Object.entries(merged).map(([k, v]) => {
      if (v.purged) throw new Error(`shared value "${k}" was purged from the value set version this deployment uses; deploy with the current values`);
      return [k, v.isSecret ? { value: v.encryptedValue ? box.decrypt(v.encryptedValue) : "", secret: true } : { value: v.value }];
    }),
  );
}

export interface ValueSetVersionRecord {
  id: string;
  envId: string;
  values: Record<string, StoredValue>;
  change: unknown[];
  comment: string;
  resultOf: string;
  sourceVersionId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

const versionColumns = {
  id: valueSetVersions.id,
  envId: valueSetVersions.envId,
  values: valueSetVersions.values,
  change: valueSetVersions.change,
  comment: valueSetVersions.comment,
  resultOf: valueSetVersions.resultOf,
  sourceVersionId: valueSetVersions.sourceVersionId,
  createdAt: valueSetVersions.createdAt,
  updatedAt: sql<string>`coalesce(${valueSetVersions.updatedAt}, ${valueSetVersions.createdAt})`,
  createdBy: valueSetVersions.createdBy,
};

export async function listValueSetVersions(db: DbOrTx, orgId: string, appId: string, envId = ""): Promise<ValueSetVersionRecord[]> {
  return (await db
    .select(versionColumns)
    .from(valueSetVersions)
    .where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, appId), eq(valueSetVersions.envId, envId)))
    .orderBy(desc(valueSetVersions.createdAt), desc(valueSetVersions.id))) as ValueSetVersionRecord[];
}

export async function getValueSetVersion(db: DbOrTx, orgId: string, appId: string, id: string): Promise<ValueSetVersionRecord | undefined> {
  return (await first(db
    .select(versionColumns)
    .from(valueSetVersions)
    .where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, appId), eq(valueSetVersions.id, id))))) as ValueSetVersionRecord | undefined;
}

export async function latestValueSetVersionId(db: DbOrTx, orgId: string, appId: string, envId = ""): Promise<string | null> {
  return (await listValueSetVersions(db, orgId, appId, envId))[0]?.id ?? null;
}

/** True when the app's or the environment's values changed after `since` (the last deployment). */
export async function valuesChangedSince(db: DbOrTx, orgId: string, appId: string, envId: string, since: string): Promise<boolean> {
  return Boolean(
    await first(db
      .select({ id: valueSetVersions.id })
      .from(valueSetVersions)
      .where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, appId), inArray(valueSetVersions.envId, ["", envId]), gt(valueSetVersions.createdAt, since)))),
  );
}

/** Version values for display: secrets masked. */
export function maskedSnapshot(values: Record<string, StoredValue>): Record<string, { value: string; isSecret: boolean }> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v.isSecret ? "" : v.value, isSecret: v.isSecret }]));
}
