import { randomUUID } from "node:crypto";
import { z } from "zod";
import { artefactVersions, artefacts } from "@/db/tables";
import { and, eq } from "drizzle-orm";
import { defineOperation } from "@/lib/server/operations/operation";
import { queueTriggersFor } from "@/lib/server/automation/data";
import { findArtefact, getArtefactVersion, type ArtefactVersionRecord } from "./data";

const text = (what: string, max: number) => z.string().trim().max(max, `${what} must be at most ${max} characters`).regex(/^\S*$/, `${what} may not contain spaces`);

export const registerArtefactVersionInput = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("container"),
      name: text("name", 300).min(1, "name is required"),
      version: text("version", 128).optional().default(""),
      ref: text("ref", 256).optional().default(""),
      commit: text("commit", 64).optional().default(""),
      digest: z.string().trim().regex(/^(sha256:[a-f0-9]{64})?$/, "digest must be sha256: and 64 hex digits").optional().default(""),
    }),
    z.object({
      type: z.literal("workload"),
      name: text("name", 300).min(1, "name is required"),
      version: text("version", 128).optional().default(""),
      ref: text("ref", 256).optional().default(""),
      commit: text("commit", 64).optional().default(""),
      spec: z.record(z.string(), z.unknown(), { error: "spec must be a Score document (an object)" }),
    }),
  ],
  { error: "type must be container or workload" },
);

/**
 * CI registers a built image (or a Score workload): the artefact is created on its first
 * version. Matching automation rules get their trigger rows in this same transaction (an
 * outbox: a version is never registered without them), which the automation worker acts on.
 */
export const registerArtefactVersion = defineOperation({
  name: "artefact-version.create",
  input: registerArtefactVersionInput,
  permission: () => ({ action: "artefact.register" }),
  async execute(tx, input, { actor }): Promise<ArtefactVersionRecord> {
    const now = new Date().toISOString();
    let artefact = await findArtefact(tx, actor.orgId, input.type, input.name);
    if (!artefact) {
      const id = randomUUID();
      await tx.insert(artefacts).values({ id, orgId: actor.orgId, type: input.type, name: input.name, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId });
      artefact = (await findArtefact(tx, actor.orgId, input.type, input.name))!;
    } else {
      await tx.update(artefacts).set({ updatedAt: now, updatedBy: actor.userId }).where(eq(artefacts.id, artefact.id));
    }
    const id = randomUUID();
    await tx.insert(artefactVersions).values({
      id,
      orgId: actor.orgId,
      artefactId: artefact.id,
      version: input.version,
      ref: input.ref,
      commit: input.commit,
      digest: input.type === "container" ? input.digest : "",
      spec: input.type === "workload" ? input.spec : null,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    const version = (await getArtefactVersion(tx, actor.orgId, id))!;
    await queueTriggersFor(tx, actor.orgId, version);
    return version;
  },
  audit: (input, v) => ({ target: `artefact/${v.artefactId}/version/${v.id}`, details: { type: input.type, name: input.name, version: input.version, ref: input.ref } }),
});

export const archiveArtefactVersion = defineOperation({
  name: "artefact-version.archive",
  input: z.object({ artefactId: z.string().min(1), versionId: z.string().min(1), archived: z.boolean({ error: "archived must be true or false" }) }),
  permission: () => ({ action: "artefact.manage" }),
  async execute(tx, input, { actor }): Promise<ArtefactVersionRecord | undefined> {
    const v = await getArtefactVersion(tx, actor.orgId, input.versionId);
    if (!v || v.artefactId !== input.artefactId) return undefined;
    await tx.update(artefactVersions).set({ archived: input.archived, updatedAt: new Date().toISOString(), updatedBy: actor.userId }).where(eq(artefactVersions.id, v.id));
    return await getArtefactVersion(tx, actor.orgId, v.id);
  },
  audit: (input) => ({ target: `artefact/${input.artefactId}/version/${input.versionId}`, details: { archived: input.archived } }),
});

export const deleteArtefact = defineOperation({
  name: "artefact.delete",
  input: z.object({ artefactId: z.string().min(1) }),
  permission: () => ({ action: "artefact.manage" }),
  async execute(tx, input, { actor }): Promise<boolean> {
    const gone = await tx.delete(artefacts).where(and(eq(artefacts.orgId, actor.orgId), eq(artefacts.id, input.artefactId))).returning({ id: artefacts.id });
    if (gone.length === 0) return false;
    await tx.delete(artefactVersions).where(eq(artefactVersions.artefactId, input.artefactId));
    return true;
  },
  audit: (input) => ({ target: `artefact/${input.artefactId}` }),
});
