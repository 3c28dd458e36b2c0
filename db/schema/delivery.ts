import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common";

/** Self-service delivery: the artefacts (images, Score workloads) CI registers. */

/** An artefact: every version CI registered under one name and type (`container` or `workload`). */
export const artefacts = sqliteTable(
  "artefacts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    type: text("type", { enum: ["container", "workload"] }).notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [uniqueIndex("artefacts_name").on(t.orgId, t.type, t.name)],
);

export const artefactVersions = sqliteTable(
  "artefact_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    artefactId: text("artefact_id").notNull(),
    version: text("version").notNull().default(""),
    ref: text("ref").notNull().default(""),
    commit: text("commit").notNull().default(""),
    digest: text("digest").notNull().default(""),
    /** Workload artefacts: the Score document as registered. */
    spec: text("spec", { mode: "json" }).$type<Record<string, unknown>>(),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [index("artefact_versions_artefact").on(t.orgId, t.artefactId, t.createdAt)],
);
