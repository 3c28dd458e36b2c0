import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";
import { organizations } from "./org";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `user` signs in; `service` only holds API tokens (CI). */
    type: text("type", { enum: ["user", "service"] }).notNull().default("user"),
    /** scrypt hash `scrypt$N$r$p$salt$hash`; null for service users and OIDC-only users. */
    passwordHash: text("password_hash"),
    /** OIDC subject when the user signed in through the identity provider. */
    idpSubject: text("idp_subject"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_org_email").on(t.orgId, t.email)],
);

export const orgRoles = pgTable(
  "org_roles",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["administrator", "manager", "member", "viewer"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] })],
);

export const appRoles = pgTable(
  "app_roles",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["viewer", "developer", "owner"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId, t.userId] }), index("app_roles_user").on(t.userId)],
);

export const envTypeRoles = pgTable(
  "env_type_roles",
  {
    orgId: text("org_id").notNull(),
    envTypeId: text("env_type_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["deployer"] }).notNull().default("deployer"),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.envTypeId, t.userId] })],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    description: text("description").notNull().default(""),
    /** sha256 of the token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    expiresAt: text("expires_at"),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
    /** The user who made it (an administrator for a service user's token); null before 0.10. */
    createdBy: text("created_by"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_user").on(t.userId)],
);
