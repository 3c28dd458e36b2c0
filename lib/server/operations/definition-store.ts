import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { cloudAccounts, matchingCriteria, resourceDefinitionVersions, resourceDefinitions } from "@/db/tables";
import { hasErrors, validateDefinition, type DefinitionIssue, type ValidateDefinitionOptions } from "@/lib/engine/definitions";
import { criterionKey } from "@/lib/engine/matching";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import {
  criteriaOfDefinition,
  decryptSecretInputs,
  getDefinition,
  getDefinitionRow,
  loadOrgDefinitions,
  type DefinitionVersionContent,
} from "@/lib/server/data/definitions";
import { refreshSummariesAfterDefinitionChange } from "@/lib/server/data/overview-summaries";
import { loadCustomResourceTypes } from "@/lib/server/data/resources";
import { SafeError } from "@/lib/server/errors";

/**
 * Writing definitions: every path that changes one (editor, criteria editor, import, pack,
 * restore, delete) goes through here, so each change leaves a version row whose content holds
 * secret inputs only as ciphertext.
 */

export type VersionAction = "created" | "updated" | "deleted" | "restored";

export async function accountsOf(tx: Tx, orgId: string): Promise<{ id: string; type: string }[]> {
  return await tx.select({ id: cloudAccounts.id, type: cloudAccounts.type }).from(cloudAccounts).where(eq(cloudAccounts.orgId, orgId));
}

/** validateDefinition with the organisation's context: custom types, other definitions, accounts. */
export async function validateInOrg(tx: Tx, orgId: string, def: ResourceDefinition, extra: ValidateDefinitionOptions = {}): Promise<DefinitionIssue[]> {
  return validateDefinition(def, {
    customTypes: (await loadCustomResourceTypes(tx, orgId)),
    otherDefinitions: (await loadOrgDefinitions(tx, orgId)).filter((d) => d.id !== def.id),
    accounts: (await accountsOf(tx, orgId)),
    ...extra,
  });
}

/** Throws the errors (not the warnings) as one SafeError whose fields name each path. */
export function refuseOnErrors(issues: readonly DefinitionIssue[], what: string): void {
  if (!hasErrors(issues)) return;
  const errors = issues.filter((i) => i.severity === "error");
  throw new SafeError("invalid", `${what}: ${errors.map((e) => `${e.path || "(definition)"}: ${e.message}`).join("; ")}`, {
    fields: errors.map((e) => ({ field: e.path || "(definition)", message: e.message })),
  });
}

/** The definition without `driver_inputs.secrets` (what rows and versions store in clear). */
export function withoutSecrets(def: ResourceDefinition): ResourceDefinition {
  if (!def.driver_inputs || !("secrets" in def.driver_inputs)) return def;
  const { secrets: _secrets, ...rest } = def.driver_inputs;
  const out: ResourceDefinition = { ...def };
  if (Object.keys(rest).length > 0) out.driver_inputs = rest;
  else delete out.driver_inputs;
  return out;
}

function stripCriterionIds(criteria: readonly MatchingCriterion[] | undefined): MatchingCriterion[] {
  return (criteria ?? []).map(({ id: _id, ...rest }) => rest);
}

/** Content as compared for "unchanged": no ids, versions or flags the server owns. */
function comparable(def: ResourceDefinition): unknown {
  const { version_id: _v, is_default: _d, is_deleted: _x, criteria, ...rest } = withoutSecrets(def);
  // Criteria as written (an explicit `class: default` is kept on export, so it counts).
  return { ...rest, criteria: stripCriterionIds(criteria).map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== ""))) };
}

export interface StoredDefinitionState {
  definition: ResourceDefinition;
  secrets: Record<string, unknown> | undefined;
  isDeleted: boolean;
}

export async function storedState(tx: Tx, box: SecretBox, orgId: string, id: string): Promise<StoredDefinitionState | undefined> {
  const row = await getDefinitionRow(tx, orgId, id);
  if (!row) return undefined;
  return { definition: (await getDefinition(tx, orgId, id))!, secrets: decryptSecretInputs(box, row.driverInputsSecretsEnc), isDeleted: row.isDeleted };
}

/** True when writing `next` (with secrets, or keeping the stored ones) would change nothing. */
export function isUnchanged(current: StoredDefinitionState, next: ResourceDefinition, keepSecrets: boolean): boolean {
  if (current.isDeleted) return false;
  if (!isDeepStrictEqual(comparable(current.definition), comparable(next))) return false;
  const nextSecrets = keepSecrets ? current.secrets : next.driver_inputs?.secrets;
  return isDeepStrictEqual(current.secrets ?? null, (nextSecrets as Record<string, unknown> | undefined) ?? null);
}

/**
 * Replaces a definition's criteria. A rule that stays keeps its id, so active resources that
 * recorded it still point at it.
 */
export async function replaceCriteriaRows(tx: Tx, orgId: string, defId: string, criteria: readonly MatchingCriterion[]): Promise<MatchingCriterion[]> {
  const existing = await criteriaOfDefinition(tx, orgId, defId);
  const idByKey = new Map(existing.map((c) => [criterionKey(c), c.id!]));
  await tx.delete(matchingCriteria).where(and(eq(matchingCriteria.orgId, orgId), eq(matchingCriteria.defId, defId)));
  const written: MatchingCriterion[] = [];
  for (const c of criteria) {
    const id = idByKey.get(criterionKey(c)) ?? randomUUID();
    await tx.insert(matchingCriteria)
      .values({
        id,
        orgId,
        defId,
        class: c.class || "default",
        classSet: c.class !== undefined && c.class !== "",
        envType: c.env_type || null,
        appId: c.app_id || null,
        envId: c.env_id || null,
        resId: c.res_id || null,
      });
    written.push({ ...c, id });
  }
  return written;
}

export interface WriteDefinitionOptions {
  /**
   * `replace`: encrypt `def.driver_inputs.secrets`; `keep`: leave the stored secret inputs as
   * they are (write-only fields not re-entered); `{ciphertext}`: a version's sealed secrets.
   */
  secrets: "replace" | "keep" | { ciphertext: string | null };
  action: VersionAction;
}

/**
 * Upserts one definition (row, criteria, version) and returns the version id. `def` carries
 * its secrets in `driver_inputs.secrets` when `secrets` is `replace`.
 */
export async function writeDefinition(tx: Tx, box: SecretBox, actor: Actor, def: ResourceDefinition, opts: WriteDefinitionOptions): Promise<string> {
  const orgId = actor.orgId;
  const now = new Date().toISOString();
  const existing = await getDefinitionRow(tx, orgId, def.id);
  let secretsEnc: string | null;
  if (opts.secrets === "keep") secretsEnc = existing?.driverInputsSecretsEnc ?? null;
  else if (typeof opts.secrets === "object") secretsEnc = opts.secrets.ciphertext;
  else {
    const secrets = def.driver_inputs?.secrets;
    secretsEnc = secrets !== undefined && secrets !== null ? box.encrypt(JSON.stringify(secrets)) : null;
  }
  const clear = withoutSecrets(def);
  const columns = {
    name: clear.name,
    type: clear.type,
    driverType: clear.driver_type,
    driverAccount: clear.driver_account ?? null,
    driverInputsValues: clear.driver_inputs?.values ?? null,
    driverInputsSecretsEnc: secretsEnc,
    driverInputsSecretRefs: clear.driver_inputs?.secret_refs ?? null,
    provision: (clear.provision ?? null) as Record<string, unknown> | null,
    criteriaSet: clear.criteria !== undefined,
    isDeleted: false,
    updatedAt: now,
    updatedBy: actor.email,
  };
  if (existing) {
    await tx.update(resourceDefinitions).set(columns).where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.id, def.id)));
  } else {
    await tx.insert(resourceDefinitions).values({ orgId, id: def.id, ...columns, createdAt: now, createdBy: actor.email });
  }
  const criteria = await replaceCriteriaRows(tx, orgId, def.id, def.criteria ?? []);
  return await recordVersion(tx, actor, def.id, opts.action, clear.criteria === undefined ? clear : { ...clear, criteria }, secretsEnc);
}

/** Adds a version row and makes it the definition's active version. */
export async function recordVersion(tx: Tx, actor: Actor, defId: string, action: VersionAction, def: ResourceDefinition, secretsEnc: string | null): Promise<string> {
  const id = randomUUID();
  const { version_id: _v, is_deleted: _d, ...definition } = def;
  const content: DefinitionVersionContent = { definition, secrets_enc: secretsEnc };
  await tx.insert(resourceDefinitionVersions)
    .values({ id, orgId: actor.orgId, defId, action, content: content as unknown as Record<string, unknown>, createdAt: new Date().toISOString(), createdBy: actor.email });
  await tx.update(resourceDefinitions)
    .set({ activeVersionId: id })
    .where(and(eq(resourceDefinitions.orgId, actor.orgId), eq(resourceDefinitions.id, defId)));
  await refreshSummariesAfterDefinitionChange(tx, actor.orgId, defId);
  return id;
}

export { stripCriterionIds };
