import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { inClusterPack } from "@/lib/engine/pack";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { loadActor } from "@/lib/server/data/users";
import { writeDefinition } from "@/lib/server/operations/definition-store";

export const GITOPS_DEFINITION_ID = "local-gitops";

/** The embedded default target: a bare Git repository in the data directory. */
export function localGitOpsDefinition(repo: string): ResourceDefinition {
  return {
    id: GITOPS_DEFINITION_ID,
    name: "Local GitOps repository",
    type: "k8s-cluster",
    driver_type: "humanitec/k8s-cluster-git",
    driver_inputs: { values: { url: repo, branch: "main", path: "" } },
    criteria: [{}],
  };
}

/**
 * Platform defaults written at first start, as the administrator: the local GitOps repository
 * and its k8s-cluster definition (unless `localRepository` is false: PostgreSQL installations
 * whose processes do not share the data directory); for the demo organisation also the in-cluster pack for
 * development and a larger Postgres for staging, so the same Score file gets a different
 * database there.
 */
export async function seedPlatform(db: Db, box: SecretBox, opts: { orgId: string; adminUserId: string; dataDir: string; demo: boolean; localRepository?: boolean }): Promise<void> {
  const actor = await loadActor(db, opts.orgId, opts.adminUserId);
  if (!actor) throw new Error("seed: the administrator is missing");
  const defs: ResourceDefinition[] = [];
  if (opts.localRepository ?? true) {
    const repo = path.join(opts.dataDir, "gitops.git");
    if (!fs.existsSync(repo)) execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", repo]);
    defs.push(localGitOpsDefinition(repo));
  }
  if (opts.demo) {
    defs.push(...inClusterPack({ criteria: [{ env_type: "development" }] }));
    defs.push(
      ...inClusterPack({ criteria: [{ env_type: "staging" }], idPrefix: "staging-", types: ["postgres"], databaseStorage: "5Gi" }).map((d) => ({
        ...d,
        name: "Postgres for staging (5 GiB, in cluster)",
      })),
    );
  }
  await db.transaction(async (tx) => {
    for (const def of defs) await writeDefinition(tx, box, actor, def, { secrets: "replace", action: "created" });
  });
}
