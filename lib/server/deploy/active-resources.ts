import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activeResources } from "@/db/tables";
import type { ActiveResource } from "@/lib/engine/drivers/active-resource";
import type { SecretBox } from "@/lib/server/crypto/secret-box";

export interface ActiveResourceView {
  type: string;
  class: string;
  resId: string;
  guResId: string;
  defId: string;
  criteriaId: string | null;
  driverType: string;
  deployId: string | null;
  status: string;
  valueOutputs: Record<string, unknown>;
  updatedAt: string;
}

export async function listActiveResources(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<ActiveResourceView[]> {
  return await db
    .select({
      type: activeResources.type,
      class: activeResources.class,
      resId: activeResources.resId,
      guResId: activeResources.guResId,
      defId: activeResources.defId,
      criteriaId: activeResources.criteriaId,
      driverType: activeResources.driverType,
      deployId: activeResources.deployId,
      status: activeResources.status,
      valueOutputs: activeResources.valueOutputs,
      updatedAt: activeResources.updatedAt,
    })
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), eq(activeResources.appId, appId), eq(activeResources.envId, envId)))
    .orderBy(activeResources.type, activeResources.resId);
}

/** The engine's view of an environment's resources, for reuse (cookies keep passwords stable). */
export async function loadPreviousResources(db: DbOrTx, box: SecretBox, orgId: string, appId: string, envId: string): Promise<ActiveResource[]> {
  return (await db
    .select({ stateEnc: activeResources.stateEnc })
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), eq(activeResources.appId, appId), eq(activeResources.envId, envId), eq(activeResources.status, "active"))))
    .filter((r) => r.stateEnc)
    .map((r) => JSON.parse(box.decrypt(r.stateEnc!)) as ActiveResource);
}

/**
 * Records what a deployment provisioned. A resource whose identity now resolves to another
 * definition is replaced in place; its previous definition is returned so the caller can say so.
 */
export async function saveActiveResources(
  db: DbOrTx,
  box: SecretBox,
  ctx: { orgId: string; appId: string; envId: string; envType: string; deployId: string },
  resources: { active: ActiveResource; criteriaId: string | null }[],
): Promise<{ resId: string; type: string; fromDef: string; toDef: string }[]> {
  const replaced: { resId: string; type: string; fromDef: string; toDef: string }[] = [];
  const now = new Date().toISOString();
  for (const { active, criteriaId } of resources) {
    const key = and(
      eq(activeResources.orgId, ctx.orgId),
      eq(activeResources.appId, ctx.appId),
      eq(activeResources.envId, ctx.envId),
      eq(activeResources.type, active.type),
      eq(activeResources.class, active.class),
      eq(activeResources.resId, active.res_id),
    );
    const existing = await first(db.select({ defId: activeResources.defId }).from(activeResources).where(key));
    if (existing && existing.defId !== active.def_id) replaced.push({ resId: active.res_id, type: active.type, fromDef: existing.defId, toDef: active.def_id });
    const row = {
      guResId: active.guresid,
      envType: ctx.envType,
      defId: active.def_id,
      defVersionId: active.def_version_id,
      criteriaId,
      driverType: active.driver_type,
      deployId: ctx.deployId,
      inputsHash: active.inputs_hash,
      valueOutputs: active.outputs.values,
      secretOutputsEnc: box.encrypt(JSON.stringify(active.outputs.secrets)),
      cookieEnc: active.cookie === undefined ? null : box.encrypt(JSON.stringify(active.cookie)),
      stateEnc: box.encrypt(JSON.stringify(active)),
      status: "active" as const,
      updatedAt: now,
    };
    if (existing) await db.update(activeResources).set(row).where(key);
    else await db.insert(activeResources).values({ orgId: ctx.orgId, appId: ctx.appId, envId: ctx.envId, type: active.type, class: active.class, resId: active.res_id, ...row });
  }
  return replaced;
}
