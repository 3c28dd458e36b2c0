import { first } from "@/db/raw";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { matchingCriteria, resourceDefinitionVersions, resourceDefinitions } from "@/db/tables";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { builtinDefaults } from "@/lib/engine/pack";
import type { SecretBox } from "@/lib/server/crypto/secret-box";

// Ids are random: the implicit rowid keeps criteria and versions in the order they were written.
const INSERTION_ORDER = sql`rowid`;
const NEWEST_FIRST = sql`rowid desc`;

type DefinitionRow = typeof resourceDefinitions.$inferSelect;
type CriterionRow = typeof matchingCriteria.$inferSelect;

/** A stored criterion; `class` only when it was written (matching defaults it to `default`). */
export function criterionOf(row: Pick<CriterionRow, "id" | "class" | "classSet" | "envType" | "appId" | "envId" | "resId">): MatchingCriterion {
  const c: MatchingCriterion = { id: row.id };
  if (row.classSet || row.class !== "default") c.class = row.class;
  if (row.envType) c.env_type = row.envType;
  if (row.appId) c.app_id = row.appId;
  if (row.envId) c.env_id = row.envId;
  if (row.resId) c.res_id = row.resId;
  return c;
}

/**
 * The engine's shape of a stored definition, WITHOUT secret inputs. Only fields that were
 * stored are set, so an imported definition exports with exactly its original keys.
 */
export function definitionFromRow(row: DefinitionRow, criteria: readonly CriterionRow[]): ResourceDefinition {
  const def: ResourceDefinition = { id: row.id, name: row.name, type: row.type, driver_type: row.driverType };
  if (row.driverAccount !== null) def.driver_account = row.driverAccount;
  const inputs: ResourceDefinition["driver_inputs"] = {};
  if (row.driverInputsValues !== null) inputs.values = row.driverInputsValues;
  if (row.driverInputsSecretRefs !== null) inputs.secret_refs = row.driverInputsSecretRefs;
  if (Object.keys(inputs).length > 0) def.driver_inputs = inputs;
  if (row.provision !== null) def.provision = row.provision as ResourceDefinition["provision"];
  const own = criteria.filter((c) => c.defId === row.id).map(criterionOf);
  // A definition written without `criteria` has none; keep it absent so it exports as written.
  if (row.criteriaSet || own.length > 0) def.criteria = own;
  if (row.isDefault) def.is_default = true;
  if (row.isDeleted) def.is_deleted = true;
  if (row.activeVersionId) def.version_id = row.activeVersionId;
  return def;
}

async function orgCriteria(db: DbOrTx, orgId: string): Promise<CriterionRow[]> {
  return await db.select().from(matchingCriteria).where(eq(matchingCriteria.orgId, orgId)).orderBy(INSERTION_ORDER);
}

async function definitionRows(db: DbOrTx, orgId: string, includeDeleted = false): Promise<DefinitionRow[]> {
  const where = includeDeleted
    ? eq(resourceDefinitions.orgId, orgId)
    : and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.isDeleted, false));
  return await db.select().from(resourceDefinitions).where(where).orderBy(resourceDefinitions.type, resourceDefinitions.id);
}

/** Criteria rows of one definition, in their stored order. */
export async function criteriaOfDefinition(db: DbOrTx, orgId: string, defId: string): Promise<MatchingCriterion[]> {
  return (await db
    .select()
    .from(matchingCriteria)
    .where(and(eq(matchingCriteria.orgId, orgId), eq(matchingCriteria.defId, defId)))
    .orderBy(INSERTION_ORDER))
    .map(criterionOf);
}

/** The organisation's definitions without secret inputs (no built-in defaults). */
export async function loadOrgDefinitions(db: DbOrTx, orgId: string, opts: { includeDeleted?: boolean } = {}): Promise<ResourceDefinition[]> {
  const criteria = await orgCriteria(db, orgId);
  return (await definitionRows(db, orgId, opts.includeDeleted)).map((r) => definitionFromRow(r, criteria));
}

/**
 * The organisation's definitions in the engine's shape, without secret inputs (the deploy
 * operation decrypts those separately, only when provisioning). Built-in defaults follow as
 * the fallback.
 */
export async function loadDefinitionsForMatching(db: DbOrTx, orgId: string): Promise<ResourceDefinition[]> {
  return [...(await loadOrgDefinitions(db, orgId)), ...builtinDefaults()];
}

/** Decrypts a definition's secret inputs; `undefined` when none are stored. Server-only. */
export function decryptSecretInputs(box: SecretBox, enc: string | null): Record<string, unknown> | undefined {
  if (enc === null) return undefined;
  return JSON.parse(box.decrypt(enc)) as Record<string, unknown>;
}

/**
 * Full definitions INCLUDING decrypted `driver_inputs.secrets`, followed by the built-in
 * defaults. Only the deploy job may call this: its result must never reach a page, a response
 * or a log.
 */
export async function loadDefinitionsForDeploy(db: DbOrTx, box: SecretBox, orgId: string): Promise<ResourceDefinition[]> {
  const criteria = await orgCriteria(db, orgId);
  const defs = (await definitionRows(db, orgId)).map((row) => withSecrets(definitionFromRow(row, criteria), box, row.driverInputsSecretsEnc));
  return [...defs, ...builtinDefaults()];
}

function withSecrets(def: ResourceDefinition, box: SecretBox, enc: string | null): ResourceDefinition {
  const secrets = decryptSecretInputs(box, enc);
  if (secrets === undefined) return def;
  // Keep the humctl key order values → secrets → secret_refs.
  const { values, secret_refs } = def.driver_inputs ?? {};
  const inputs: ResourceDefinition["driver_inputs"] = {};
  if (values !== undefined) inputs.values = values;
  inputs.secrets = secrets;
  if (secret_refs !== undefined) inputs.secret_refs = secret_refs;
  return { ...def, driver_inputs: inputs };
}

export async function getDefinitionRow(db: DbOrTx, orgId: string, id: string): Promise<DefinitionRow | undefined> {
  return await first(db
    .select()
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.id, id))));
}

/** One definition without secrets, or undefined. Deleted (forced) definitions are included. */
export async function getDefinition(db: DbOrTx, orgId: string, id: string): Promise<ResourceDefinition | undefined> {
  const row = await getDefinitionRow(db, orgId, id);
  if (!row) return undefined;
  const criteria = await db.select().from(matchingCriteria).where(and(eq(matchingCriteria.orgId, orgId), eq(matchingCriteria.defId, id))).orderBy(INSERTION_ORDER);
  return definitionFromRow(row, criteria);
}

/** One definition with its decrypted secrets, for server-side export with secrets and comparison. */
export async function getDefinitionWithSecrets(db: DbOrTx, box: SecretBox, orgId: string, id: string): Promise<ResourceDefinition | undefined> {
  const row = await getDefinitionRow(db, orgId, id);
  if (!row) return undefined;
  return withSecrets((await getDefinition(db, orgId, id))!, box, row.driverInputsSecretsEnc);
}

/** Paths of the leaves of a secrets map (`credentials.token`), for "set / not set" — never values. */
export function secretLeafPaths(secrets: unknown, prefix = ""): string[] {
  if (secrets === null || typeof secrets !== "object" || Array.isArray(secrets)) return prefix ? [prefix] : [];
  const entries = Object.entries(secrets as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => secretLeafPaths(v, prefix ? `${prefix}.${k}` : k));
}

export interface DefinitionDetail {
  definition: ResourceDefinition;
  /** Which secret inputs are set (paths only). */
  secretPaths: string[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export async function getDefinitionDetail(db: DbOrTx, box: SecretBox, orgId: string, id: string): Promise<DefinitionDetail | undefined> {
  const row = await getDefinitionRow(db, orgId, id);
  if (!row) return undefined;
  return {
    definition: (await getDefinition(db, orgId, id))!,
    secretPaths: secretLeafPaths(decryptSecretInputs(box, row.driverInputsSecretsEnc)),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/**
 * What a version row stores: the definition content with secret inputs only as ciphertext
 * (`secrets_enc`), and its criteria.
 */
export interface DefinitionVersionContent {
  definition: ResourceDefinition;
  secrets_enc: string | null;
}

export interface DefinitionVersionSummary {
  id: string;
  action: "created" | "updated" | "deleted" | "restored";
  createdAt: string;
  createdBy: string;
  /** Newest is 1 higher than the one before; 1 is the first version. */
  number: number;
}

/** Versions newest first, without their content. */
export async function listDefinitionVersions(db: DbOrTx, orgId: string, defId: string): Promise<DefinitionVersionSummary[]> {
  const rows = await db
    .select({ id: resourceDefinitionVersions.id, action: resourceDefinitionVersions.action, createdAt: resourceDefinitionVersions.createdAt, createdBy: resourceDefinitionVersions.createdBy })
    .from(resourceDefinitionVersions)
    .where(and(eq(resourceDefinitionVersions.orgId, orgId), eq(resourceDefinitionVersions.defId, defId)))
    .orderBy(NEWEST_FIRST);
  return rows.map((r, i) => ({ ...r, number: rows.length - i }));
}

/** A version's stored content (ciphertext included) — server-side only. */
export async function getDefinitionVersionContent(db: DbOrTx, orgId: string, defId: string, versionId: string): Promise<DefinitionVersionContent | undefined> {
  const row = await first(db
    .select({ content: resourceDefinitionVersions.content })
    .from(resourceDefinitionVersions)
    .where(and(eq(resourceDefinitionVersions.orgId, orgId), eq(resourceDefinitionVersions.defId, defId), eq(resourceDefinitionVersions.id, versionId))));
  return row?.content as DefinitionVersionContent | undefined;
}
