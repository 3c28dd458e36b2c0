import { foreignKey, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common";
import { organizations } from "./org";

export const envTypes = sqliteTable(
  "env_types",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const applications = sqliteTable(
  "applications",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const environments = sqliteTable(
  "environments",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    /** The deployment the next deployment is based on (Humanitec's `from_deploy`). */
    fromDeployId: text("from_deploy_id"),
    lastDeployId: text("last_deploy_id"),
    /** Set while the environment is paused (runtime scaled to zero): deployments are refused until resume. */
    pausedAt: text("paused_at"),
    pausedBy: text("paused_by"),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.id] }),
    foreignKey({ columns: [t.orgId, t.appId], foreignColumns: [applications.orgId, applications.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.type], foreignColumns: [envTypes.orgId, envTypes.id] }),
  ],
);
