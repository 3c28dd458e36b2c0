"use server";

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { runAction, runReadAction, type ActionResult } from "@/lib/server/actions/action-client";
import type { Permission } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { checkCloudAccount } from "@/lib/server/cloud-accounts/check-account";
import { criteriaChangeBlastRadius, deleteBlastRadius, upsertBlastRadius, type BlastRadiusReport } from "@/lib/server/data/blast-radius";
import { renderedImpact } from "@/lib/server/deploy/rendered-impact";
import { withCriteria } from "@/lib/engine/matching";
import { activeResourcesOfDefinition } from "@/lib/server/data/resource-usages";
import { createCloudAccount, deleteCloudAccount, updateCloudAccount } from "@/lib/server/operations/cloud-accounts";
import { createCustomResourceType, deleteCustomResourceType } from "@/lib/server/operations/custom-resource-types";
import { criterionInput } from "@/lib/server/operations/definition-input";
import { deleteDefinition } from "@/lib/server/operations/delete-definition";
import { importDefinitions, planHumctlImport, type ImportPlan } from "@/lib/server/operations/import-definitions";
import { installPack } from "@/lib/server/operations/install-pack";
import { parseInput } from "@/lib/server/operations/operation";
import { replaceDefinitionCriteria } from "@/lib/server/operations/replace-definition-criteria";
import { restoreDefinitionVersion } from "@/lib/server/operations/restore-definition-version";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { inClusterPack } from "@/lib/engine/pack";
import { getRuntime } from "@/lib/server/runtime";

const box = async () => (await getRuntime()).secrets;

export async function saveDefinitionAction(input: unknown) {
  return runAction(saveDefinition, input);
}
export async function replaceCriteriaAction(input: unknown) {
  return runAction(replaceDefinitionCriteria, input);
}
export async function deleteDefinitionAction(input: unknown) {
  return runAction(deleteDefinition, input);
}
export async function restoreDefinitionVersionAction(input: unknown) {
  return runAction(restoreDefinitionVersion, input);
}
export async function importDefinitionsAction(input: unknown) {
  return runAction(importDefinitions, input);
}
export async function installPackAction(input: unknown) {
  return runAction(installPack, input);
}
export async function createResourceTypeAction(input: unknown) {
  return runAction(createCustomResourceType, input);
}
export async function deleteResourceTypeAction(input: unknown) {
  return runAction(deleteCustomResourceType, input);
}
export async function createCloudAccountAction(input: unknown) {
  return runAction(createCloudAccount, input);
}
export async function updateCloudAccountAction(input: unknown) {
  return runAction(updateCloudAccount, input);
}
export async function deleteCloudAccountAction(input: unknown) {
  return runAction(deleteCloudAccount, input);
}

/** Read-only previews: signed in, permitted, safe errors only (they write nothing, so no audit). */
function preview<R>(permission: Permission, name: string, body: (actor: Actor) => R | Promise<R>): Promise<ActionResult<R>> {
  return runReadAction(name, ({ actor }) => body(actor), permission);
}

const manage: Permission = { action: "definition.manage" };

/** Before saving a criteria change: which (app, env, res_id) would switch definition. */
export async function previewCriteriaChangeAction(input: unknown): Promise<ActionResult<BlastRadiusReport>> {
  return preview(manage, "preview.criteria", async (actor) => {
    const { id, criteria } = parseInput(z.object({ id: z.string().min(1), criteria: z.array(criterionInput) }), input);
    return await criteriaChangeBlastRadius((await getRuntime()).db, actor.orgId, id, criteria);
  });
}

/** For one affected environment: how its rendered objects would change with the new criteria. */
export async function renderedCriteriaImpactAction(input: unknown) {
  return preview(manage, "preview.criteria-rendered", async (actor) => {
    const { id, criteria, appId, envId } = parseInput(
      z.object({ id: z.string().min(1), criteria: z.array(criterionInput), appId: z.string().min(1), envId: z.string().min(1) }),
      input,
    );
    const { db, secrets } = await getRuntime();
    const normalized = criteria.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== "")));
    return renderedImpact(db, secrets, actor.orgId, appId, envId, (defs) => withCriteria(defs, id, normalized));
  });
}

/** Before deleting: what would switch, and which active resources block a plain delete. */
export async function previewDeleteAction(input: unknown) {
  return preview(manage, "preview.delete", async (actor) => {
    const { id } = parseInput(z.object({ id: z.string().min(1) }), input);
    const db = (await getRuntime()).db;
    return { report: (await deleteBlastRadius(db, actor.orgId, id)), activeResources: (await activeResourcesOfDefinition(db, actor.orgId, id)) };
  });
}

/** What an import would do, per definition id, and what would switch because of it. */
export async function previewImportAction(input: unknown): Promise<ActionResult<ImportPlan & { report: BlastRadiusReport }>> {
  return preview(manage, "preview.import", async (actor) => {
    const { yaml, file } = parseInput(z.object({ yaml: z.string().min(1, "paste or upload a humctl YAML file").max(2 * 1024 * 1024), file: z.string().optional() }), input);
    const db = (await getRuntime()).db;
    const { definitions, ...plan } = await db.transaction(async (tx) => await planHumctlImport(tx, await box(), actor.orgId, yaml, file));
    return { ...plan, report: (await upsertBlastRadius(db, actor.orgId, definitions)) };
  });
}

export async function previewPackAction(input: unknown): Promise<ActionResult<BlastRadiusReport>> {
  return preview(manage, "preview.pack", async (actor) => {
    const { criteria } = parseInput(z.object({ criteria: z.array(criterionInput).min(1) }), input);
    return await upsertBlastRadius((await getRuntime()).db, actor.orgId, inClusterPack({ criteria }));
  });
}

export async function checkCloudAccountAction(input: unknown) {
  return preview({ action: "account.manage" }, "account.check", async (actor) => {
    const { id } = parseInput(z.object({ id: z.string().min(1) }), input);
    const { db, secrets } = await getRuntime();
    return checkCloudAccount(db, secrets, actor, id, { requestId: randomUUID() });
  });
}
