import { boolean, foreignKey, index, integer, json, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt } from "./common";
import { applications } from "./apps";

/** A Score workload of an application; its content lives in versions. */
export const workloads = pgTable(
  "workloads",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    latestVersion: integer("latest_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.id] }),
    foreignKey({ columns: [t.orgId, t.appId], foreignColumns: [applications.orgId, applications.id] }).onDelete("cascade"),
  ],
);

export const workloadVersions = pgTable(
  "workload_versions",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    workloadId: text("workload_id").notNull(),
    version: integer("version").notNull(),
    scoreYaml: text("score_yaml").notNull(),
    /** false for drafts saved with validation errors: never deployable. */
    valid: boolean("valid").notNull(),
    errors: json("errors").$type<unknown[]>().notNull().default([]),
    message: text("message").notNull().default(""),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.workloadId, t.version] }),
    // Named: the generated name would pass PostgreSQL's 63-byte identifier limit.
    foreignKey({ name: "workload_versions_workload_fk", columns: [t.orgId, t.appId, t.workloadId], foreignColumns: [workloads.orgId, workloads.appId, workloads.id] }).onDelete("cascade"),
    index("workload_versions_created").on(t.orgId, t.appId, t.createdAt),
  ],
);
