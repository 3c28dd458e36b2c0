import { boolean, index, json, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/**
 * Shared values and secrets. `envId` is "" for the app level and the environment id for an
 * override. Secrets keep only `encryptedValue`; `value` is "" for them.
 */
export const sharedValues = pgTable(
  "shared_values",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull().default(""),
    key: text("key").notNull(),
    value: text("value").notNull().default(""),
    encryptedValue: text("encrypted_value"),
    isSecret: boolean("is_secret").notNull().default(false),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("shared_values_key").on(t.orgId, t.appId, t.envId, t.key)],
);

/** Every change of an app's or environment's values makes a version (secrets stay encrypted). */
export const valueSetVersions = pgTable(
  "value_set_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull().default(""),
    values: json("values").$type<Record<string, unknown>>().notNull(),
    change: json("change").$type<unknown[]>().notNull().default([]),
    comment: text("comment").notNull().default(""),
    resultOf: text("result_of").notNull(),
    sourceVersionId: text("source_version_id"),
    createdAt: createdAt(),
    /** Set when a purge erased a value from this version; versions are otherwise immutable. */
    updatedAt: text("updated_at"),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("value_set_versions_scope").on(t.orgId, t.appId, t.envId, t.createdAt)],
);
