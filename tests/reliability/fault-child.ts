import { sqliteClientOf } from "@/db/client";
/**
 * A Baton process for the fault tests, run with tsx in its own process so it can be killed
 * with SIGKILL. BATON_DATA_DIR names the data directory. Modes:
 *   seed      first start (migrate, seed, platform defaults) plus app `shop` with workload `web`
 *   deploy    queue a deployment and run it; stops dead inside the run (status in progress, lock held)
 *   import    import two definitions; stops dead inside the import transaction
 *   values    set a shared value; stops dead inside its transaction
 *   queue     queue a deployment of shop/development and print its id (run with BATON_ROLE=web)
 *   restart   boot as the server does, let the dead worker's lease expire (BATON_JOB_LEASE_SECONDS),
 *             report the state as JSON, deploy once more
 * "Stops dead": a temporary trigger calls a function that prints BLOCKED and never returns, so
 * the parent's kill -9 lands at a known point inside the work.
 */
import fs from "node:fs";
import { getRuntime } from "@/lib/server/runtime";
import { ensureWorker, kickWorker } from "@/lib/server/deploy/worker-instance";
import { findUserByEmail, loadActor } from "@/lib/server/data/users";
import { runOperation } from "@/lib/server/operations/operation";
import { createApplication } from "@/lib/server/operations/create-application";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { importDefinitions } from "@/lib/server/operations/import-definitions";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";

const SCORE = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n";
export const IMPORT_YAML = ["a", "b"]
  .map((x) => `apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: fault-${x}\nentity:\n  name: Fault ${x}\n  type: redis\n  driver_type: humanitec/echo\n  driver_inputs:\n    values:\n      host: ${x}.internal\n  criteria:\n    - env_type: staging\n      res_id: fault-${x}\n`)
  .join("---\n");

const mode = process.argv[2];
// Set by main(): tsx runs this file as CommonJS, which has no top-level await.
let rt: Awaited<ReturnType<typeof getRuntime>>;
let ctx: { db: typeof rt.db; actor: NonNullable<Awaited<ReturnType<typeof loadActor>>>; secrets: typeof rt.secrets };

function stopDeadOn(table: string, when = "1") {
  sqliteClientOf(rt.db)!.function("baton_stop_dead", () => {
    fs.writeSync(1, "BLOCKED\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return 0;
  });
  sqliteClientOf(rt.db)!.exec(`CREATE TEMP TRIGGER stop_dead AFTER INSERT ON main.${table} WHEN ${when} BEGIN SELECT baton_stop_dead(); END`);
}

async function main() {
  rt = await getRuntime();
  const actor = (await loadActor(rt.db, rt.orgId, (await findUserByEmail(rt.db, rt.orgId, process.env.BATON_ADMIN_EMAIL ?? "admin@baton.local"))!.id))!;
  ctx = { db: rt.db, actor, secrets: rt.secrets };
  switch (mode) {
    case "seed":
      await runOperation(createApplication, { id: "shop" }, ctx);
      await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE }, ctx);
      break;
    case "deploy": {
      stopDeadOn("deployment_events", "NEW.step = 'apply'");
      await runOperation(deployEnvironment, { appId: "shop", envId: "development", comment: "to be killed" }, ctx);
      (await ensureWorker()).kick();
      await new Promise(() => {});
      break;
    }
    case "queue": {
      await kickWorker();
      const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", comment: "queued by a web replica" }, ctx);
      fs.writeSync(1, `QUEUED ${queued.id}\n`);
      break;
    }
    case "import":
      stopDeadOn("resource_definitions", "NEW.id = 'fault-b'");
      await runOperation(importDefinitions, { yaml: IMPORT_YAML }, ctx);
      break;
    case "values":
      stopDeadOn("value_set_versions");
      await runOperation(setSharedValue, { appId: "shop", key: "KILLED", value: "never stored" }, ctx);
      break;
    case "restart": {
      const worker = await ensureWorker();
      // The killed worker's lease runs out; this worker's next poll fails its deployment.
      await new Promise((r) => setTimeout(r, Number(process.env.BATON_JOB_LEASE_SECONDS ?? 30) * 1000 + 100));
      await worker.idle();
      const db = sqliteClientOf(rt.db)!;
      const report = {
        integrity: db.pragma("integrity_check", { simple: true }),
        locks: (db.prepare("SELECT count(*) AS n FROM environment_locks").get() as { n: number }).n,
        deployments: db.prepare("SELECT id, status FROM deployments ORDER BY rowid").all(),
        errors: db.prepare("SELECT deployment_id AS id, code, message FROM deployment_errors").all(),
        runningJobs: (db.prepare("SELECT count(*) AS n FROM jobs WHERE status = 'running'").get() as { n: number }).n,
        faultDefinitions: db.prepare("SELECT id FROM resource_definitions WHERE id LIKE 'fault-%'").all(),
        killedValue: db.prepare("SELECT key FROM shared_values WHERE key = 'KILLED'").all(),
        valueVersions: (db.prepare("SELECT count(*) AS n FROM value_set_versions").get() as { n: number }).n,
        audit: db.prepare("SELECT action FROM audit_log ORDER BY rowid DESC LIMIT 1").get(),
        retry: "",
      };
      // Nothing is stuck: the environment takes a new deployment, and it finishes.
      const again = await runOperation(deployEnvironment, { appId: "shop", envId: "development", comment: "after restart" }, ctx);
      worker.kick();
      await worker.idle();
      report.retry = (db.prepare("SELECT status FROM deployments WHERE id = ?").get(again.id) as { status: string }).status;
      // The import and the value change work again too.
      await runOperation(importDefinitions, { yaml: IMPORT_YAML }, ctx);
      await runOperation(setSharedValue, { appId: "shop", key: "KILLED", value: "stored now" }, ctx);
      await worker.stop();
      fs.writeSync(1, `REPORT ${JSON.stringify(report)}\n`);
      break;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
