/**
 * A SQLite Baton for the migrate-database test (run with tsx, BATON_DATA_DIR set, no
 * BATON_DATABASE_URL): `seed` starts Baton on the data directory, writes the installation of
 * ./migrate-database-fixture.ts and runs its deployment; `read` prints what the data
 * functions return, as JSON, for the parent to compare with PostgreSQL.
 */
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { first } from "@/db/raw";
import { deployments } from "@/db/tables";
import { getRuntime } from "@/lib/server/runtime";
import { ensureWorker } from "@/lib/server/deploy/worker-instance";
import { readInstallation, seedInstallation } from "./migrate-database-fixture";

async function main() {
  const rt = await getRuntime();
  if (process.argv[2] === "seed") {
    const worker = await ensureWorker();
    await seedInstallation({ ...rt, adminEmail: process.env.BATON_ADMIN_EMAIL! }, async (id) => {
      worker.kick();
      await worker.idle();
      const status = (await first(rt.db.select({ status: deployments.status }).from(deployments).where(eq(deployments.id, id))))?.status;
      if (status !== "succeeded") throw new Error(`the fixture's deployment ended ${status}`);
    });
    await worker.stop();
  } else {
    fs.writeSync(1, `${JSON.stringify(await readInstallation(rt.db, rt.secrets, rt.orgId))}\n`);
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
