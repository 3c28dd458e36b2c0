import { first } from "@/db/raw";
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiTokens, envTypeRoles, envTypes, orgRoles, organizations, users } from "@/db/tables";
import { hashApiToken } from "@/lib/server/auth/api-token";
import { hashPassword } from "@/lib/server/auth/password";
import type { OrgRole } from "@/lib/server/auth/roles";

export const DEFAULT_ENV_TYPES = [
  { id: "development", description: "Day-to-day development" },
  { id: "staging", description: "Pre-production verification" },
  { id: "production", description: "Serves real users" },
];

/** Demo users of the seeded organisation; their passwords are documented in the README. */
export const DEMO_USERS = [
  { email: "developer@baton.local", name: "Dana Developer", password: "demo-developer", orgRole: "member" as OrgRole, deployer: ["development", "staging"] },
  { email: "manager@baton.local", name: "Max Manager", password: "demo-manager", orgRole: "manager" as OrgRole, deployer: [] as string[] },
];

export interface SeedOptions {
  orgId: string;
  orgName: string;
  adminEmail: string;
  /** When absent a password is generated and returned once, to be printed. */
  adminPassword?: string;
  /** Registered as an API token of the administrator ("everything as code" from the start). */
  adminToken?: string;
  demo: boolean;
}

export interface SeedResult {
  seeded: boolean;
  adminEmail: string;
  /** Only set when the password was generated now. */
  generatedAdminPassword?: string;
  adminUserId?: string;
}

async function insertUser(tx: Tx, orgId: string, u: { email: string; name: string; password: string; orgRole: OrgRole }): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await tx.insert(users).values({ id, orgId, email: u.email.toLowerCase(), name: u.name, passwordHash: hashPassword(u.password), createdAt: now });
  await tx.insert(orgRoles).values({ orgId, userId: id, role: u.orgRole });
  return id;
}

/** Seeds the organisation on first start; does nothing when it already exists. */
export async function seedOrganisation(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const existing = await first(db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, opts.orgId)));
  if (existing) return { seeded: false, adminEmail: opts.adminEmail };
  const generated = opts.adminPassword ? undefined : randomBytes(12).toString("base64url");
  const password = opts.adminPassword ?? generated!;
  return await db.transaction(async (tx) => {
    const now = new Date().toISOString();
    // Replicas starting together on an empty database: one inserts the organisation, the
    // others wait for its commit, insert nothing and leave the seeding to it.
    const inserted = await tx.insert(organizations).values({ id: opts.orgId, name: opts.orgName, createdAt: now }).onConflictDoNothing().returning({ id: organizations.id });
    if (inserted.length === 0) return { seeded: false, adminEmail: opts.adminEmail };
    for (const t of DEFAULT_ENV_TYPES) await tx.insert(envTypes).values({ orgId: opts.orgId, ...t, createdAt: now });
    const adminUserId = await insertUser(tx, opts.orgId, { email: opts.adminEmail, name: "Administrator", password, orgRole: "administrator" });
    if (opts.adminToken) {
      await tx.insert(apiTokens)
        .values({ id: randomUUID(), orgId: opts.orgId, userId: adminUserId, description: "BATON_ADMIN_TOKEN", tokenHash: hashApiToken(opts.adminToken), createdAt: now });
    }
    if (opts.demo) {
      for (const u of DEMO_USERS) {
        const id = await insertUser(tx, opts.orgId, u);
        for (const t of u.deployer) await tx.insert(envTypeRoles).values({ orgId: opts.orgId, userId: id, envTypeId: t });
      }
    }
    return { seeded: true, adminEmail: opts.adminEmail, generatedAdminPassword: generated, adminUserId };
  });
}
