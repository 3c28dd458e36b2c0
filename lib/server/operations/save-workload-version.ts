import { and, eq } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { workloadVersions, workloads } from "@/db/tables";
import { loadScore, type ScoreError } from "@/lib/engine/score";
import { getApplication } from "@/lib/server/data/apps";
import { getWorkload, getWorkloadVersion } from "@/lib/server/data/workloads";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

const WORKLOAD_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `metadata.name` of a Score text, read leniently (no validation), or undefined when absent or unreadable. */
export function readWorkloadName(scoreYaml: string): string | undefined {
  try {
    const name = (parseYaml(scoreYaml) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The workload a Score text names, read leniently so invalid drafts can still be saved. */
function workloadNameOf(scoreYaml: string): string | undefined {
  const name = readWorkloadName(scoreYaml);
  return name && WORKLOAD_NAME.test(name) ? name : undefined;
}

export const saveWorkloadVersionInput = z.object({
  appId: appIdSchema,
  /** Set when editing an existing workload: the file must keep naming it. */
  workloadId: z.string().optional(),
  scoreYaml: z.string().min(1, "the Score file is empty").max(512 * 1024, "the Score file is larger than 512 KiB"),
  message: z.string().trim().max(500).optional().default(""),
});

export interface SaveWorkloadResult {
  workloadId: string;
  version: number;
  created: boolean;
  valid: boolean;
  errors: ScoreError[];
}

/**
 * Saves a Score file as a new version of its workload — only when the text changed. Invalid
 * files are kept as drafts (valid = false) with their errors; drafts are never deployable.
 */
export const saveWorkloadVersion = defineOperation({
  name: "workload.save",
  input: saveWorkloadVersionInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }): Promise<SaveWorkloadResult> {
    const orgId = actor.orgId;
    if (!(await getApplication(tx, orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    // A draft whose YAML does not parse still belongs to the workload being edited.
    const name = workloadNameOf(input.scoreYaml) ?? input.workloadId;
    if (!name) {
      throw new SafeError("invalid", "metadata.name: the Score file must name the workload (lowercase letters, digits and dashes)", {
        fields: [{ field: "metadata.name", message: "required to save the workload" }],
      });
    }
    if (input.workloadId && input.workloadId !== name) {
      throw new SafeError("invalid", `metadata.name: this is workload "${input.workloadId}" but the file names "${name}"; create a new workload to change the name`, {
        fields: [{ field: "metadata.name", message: `must stay "${input.workloadId}"` }],
      });
    }
    const { errors } = loadScore(input.scoreYaml);
    const existing = await getWorkload(tx, orgId, input.appId, name);
    if (!input.workloadId && existing) {
      throw new SafeError("conflict", `Application "${input.appId}" already has a workload "${name}"; open it to save a new version`);
    }
    const latest = existing ? (await getWorkloadVersion(tx, orgId, input.appId, name, existing.latestVersion)) : undefined;
    if (latest && latest.scoreYaml === input.scoreYaml) {
      return { workloadId: name, version: latest.version, created: false, valid: latest.valid, errors };
    }
    const now = new Date().toISOString();
    const version = (existing?.latestVersion ?? 0) + 1;
    if (!existing) await tx.insert(workloads).values({ orgId, appId: input.appId, id: name, latestVersion: 0, createdAt: now });
    await tx.insert(workloadVersions)
      .values({ orgId, appId: input.appId, workloadId: name, version, scoreYaml: input.scoreYaml, valid: errors.length === 0, errors, message: input.message, createdAt: now, createdBy: actor.email });
    await tx.update(workloads)
      .set({ latestVersion: version })
      .where(and(eq(workloads.orgId, orgId), eq(workloads.appId, input.appId), eq(workloads.id, name)));
    return { workloadId: name, version, created: true, valid: errors.length === 0, errors };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/workload/${r.workloadId}`, details: { version: r.version, created: r.created, valid: r.valid } }),
});
