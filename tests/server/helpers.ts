import { openMemoryDb, type Db } from "@/db/client";
import { loadActor } from "@/lib/server/data/users";
import { seedOrganisation } from "@/lib/server/seed";
import type { Actor } from "@/lib/server/auth/roles";
import { findUserByEmail } from "@/lib/server/data/users";

export const ORG = "test-org";

/** An in-memory database seeded like a first start, with the demo users. */
export function seededDb(): Db {
  const db = openMemoryDb();
  seedOrganisation(db, { orgId: ORG, orgName: "Test Org", adminEmail: "admin@example.com", adminPassword: "admin-password", demo: true });
  return db;
}

export function actorFor(db: Db, email: string): Actor {
  const user = findUserByEmail(db, ORG, email);
  if (!user) throw new Error(`no user ${email}`);
  return loadActor(db, ORG, user.id)!;
}

export function rowCounts(db: Db): Record<string, number> {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, (db.$client.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
}
