import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { logger } from "@/lib/server/logger";
import { createApplication } from "@/lib/server/operations/create-application";
import { installPack } from "@/lib/server/operations/install-pack";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { startWorker } from "@/lib/server/deploy/worker";
import { ORG, actorFor, seededDb } from "./helpers";

export const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      MOTD: \${resources.env.MOTD}
      DB_HOST: \${resources.db.host}
      DB_PASSWORD: \${resources.db.password}
service:
  ports:
    www:
      port: 80
      targetPort: 8080
resources:
  env:
    type: environment
  db:
    type: postgres
    id: db
`;

/**
 * A seeded in-memory org with a GitOps k8s-cluster definition pointing at a fresh bare
 * repository, the in-cluster pack for development, app `shop` with workload `web`, and a
 * running worker.
 */
export async function deployFixture() {
  const db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-deploy-"));
  const remote = path.join(dataDir, "gitops.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
  const admin = await actorFor(db, "admin@example.com");
  const ctx = { db, actor: admin, secrets: box };
  await runOperation(
    saveDefinition,
    { mode: "create", id: "local-gitops", name: "Local GitOps repository", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${remote}\nbranch: main\n`, secrets: { action: "clear" }, criteria: [{}] },
    ctx,
  );
  await runOperation(installPack, { criteria: [{ env_type: "development" }] }, ctx);
  await runOperation(createApplication, { id: "shop" }, ctx);
  await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE }, ctx);
  const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
  return { db, box, dataDir, remote, admin, ctx, worker };
}
