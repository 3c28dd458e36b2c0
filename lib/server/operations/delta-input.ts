import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { deltas } from "@/db/tables";
import { applyDelta } from "@/lib/engine/delta/apply";
import type { MergeableDelta } from "@/lib/engine/delta/merge";
import { getEnvironment } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";

const patchOp = z.object({ op: z.enum(["add", "remove", "replace"], { error: "op must be add, remove or replace" }), path: z.string(), value: z.unknown().optional() });
const moduleObject = z.record(z.string(), z.unknown());

/** The body of a delta as the API takes it (Humanitec's DeltaRequest); a `null` add cancels a pending remove. */
export const deltaBody = z.object({
  metadata: z.object({ env_id: z.string().optional(), name: z.string().max(200).optional() }).partial().optional(),
  modules: z
    .object({
      add: z.record(z.string(), moduleObject.nullable()).optional(),
      remove: z.array(z.string()).optional(),
      update: z.record(z.string(), z.array(patchOp)).optional(),
    })
    .optional(),
  shared: z.array(patchOp).optional(),
});

export type DeltaBody = z.infer<typeof deltaBody>;
export type DeltaRow = typeof deltas.$inferSelect;

export async function loadDelta(tx: Tx, orgId: string, appId: string, deltaId: string): Promise<DeltaRow> {
  const row = await first(tx.select().from(deltas).where(and(eq(deltas.orgId, orgId), eq(deltas.appId, appId), eq(deltas.id, deltaId))));
  if (!row) throw notFound(`Delta "${deltaId}"`);
  return row;
}

/** Writes a draft delta's new content, stamped with `metadata.last_modified_at`. */
export async function storeDelta(tx: Tx, orgId: string, deltaId: string, content: MergeableDelta, envId: string | null): Promise<void> {
  const stamped = { ...content, metadata: { ...content.metadata, last_modified_at: new Date().toISOString() } };
  await tx.update(deltas).set({ content: stamped as Record<string, unknown>, envId }).where(and(eq(deltas.orgId, orgId), eq(deltas.id, deltaId)));
}

export async function requireEnvironment(tx: Tx, orgId: string, appId: string, envId: string | null | undefined): Promise<void> {
  if (envId && !(await getEnvironment(tx, orgId, appId, envId))) throw notFound(`Environment "${appId}/${envId}"`);
}

/** Module adds must be well formed on their own; updates are checked when deployed against a base. */
export function checkModuleAdds(delta: MergeableDelta): void {
  const adds = Object.fromEntries(Object.entries(delta.modules?.add ?? {}).filter(([, module]) => module !== null));
  const check = applyDelta({ version: 0, modules: {}, shared: {} }, { modules: { add: adds } as never });
  if (!check.ok) throw new SafeError("unprocessable", check.errors.map((e) => `${e.location}: ${e.message}`).join("; "));
}

/** The engine's view of a request body; module shapes are checked by `checkModuleAdds`. */
export function asMergeable(body: Pick<DeltaBody, "modules" | "shared" | "metadata">): MergeableDelta {
  return body as MergeableDelta;
}
