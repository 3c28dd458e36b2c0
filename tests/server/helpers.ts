import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rawAll, rawGet } from "@/db/raw";
import { onPostgres, openTestDb } from "../test-db";
import { loadActor } from "@/lib/server/data/users";
import { seedOrganisation } from "@/lib/server/seed";
import type { Actor } from "@/lib/server/auth/roles";
import { findUserByEmail } from "@/lib/server/data/users";

export const ORG = "test-org";

/** An in-memory database seeded like a first start, with the demo users. */
export async function seededDb(): Promise<Db> {
  const db = await openTestDb();
  await seedOrganisation(db, { orgId: ORG, orgName: "Test Org", adminEmail: "admin@example.com", adminPassword: "admin-password", demo: true });
  return db;
}

export async function actorFor(db: Db, email: string): Promise<Actor> {
  const user = await findUserByEmail(db, ORG, email);
  if (!user) throw new Error(`no user ${email}`);
  return (await loadActor(db, ORG, user.id))!;
}

/** Rows per table: to show that a refused operation wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = onPostgres
    ? await rawAll<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)
    : await rawAll<{ name: string }>(db, sql`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t.name] = Number((await rawGet<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(t.name)}`))!.n);
  return counts;
}
