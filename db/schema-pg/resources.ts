import { boolean, index, json, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/** Custom resource types added by administrators; built-in types live in the engine. */
export const resourceTypes = pgTable(
  "resource_types",
  {
    orgId: text("org_id").notNull(),
    type: text("type").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull().default(""),
    use: text("use", { enum: ["direct", "indirect", "implicit"] }).notNull().default("direct"),
    inputsSchema: json("inputs_schema").$type<Record<string, unknown>>().notNull().default({}),
    outputsSchema: json("outputs_schema").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.type] })],
);

/**
 * Resource classes an organisation declares per type (Humanitec's catalogue of `class` values a
 * Score resource may ask for); `default` is implicit and never stored.
 */
export const resourceClasses = pgTable(
  "resource_classes",
  {
    orgId: text("org_id").notNull(),
    type: text("type").notNull(),
    id: text("id").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.type, t.id] })],
);

export const resourceDefinitions = pgTable(
  "resource_definitions",
  {
    orgId: text("org_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    driverType: text("driver_type").notNull(),
    driverAccount: text("driver_account"),
    driverInputsValues: json("driver_inputs_values").$type<Record<string, unknown>>(),
    /** AES-256-GCM ciphertext of the JSON `secrets` map (write-only). */
    driverInputsSecretsEnc: text("driver_inputs_secrets_enc"),
    driverInputsSecretRefs: json("driver_inputs_secret_refs").$type<Record<string, unknown>>(),
    provision: json("provision").$type<Record<string, unknown>>(),
    /** false when the definition was written without a `criteria` list (not even `[]`). */
    criteriaSet: boolean("criteria_set").notNull().default(true),
    isDefault: boolean("is_default").notNull().default(false),
    isDeleted: boolean("is_deleted").notNull().default(false),
    activeVersionId: text("active_version_id"),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("resource_definitions_type").on(t.orgId, t.type)],
);

export const resourceDefinitionVersions = pgTable(
  "resource_definition_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    defId: text("def_id").notNull(),
    action: text("action", { enum: ["created", "updated", "deleted", "restored"] }).notNull(),
    /** Full definition content; secrets only as ciphertext. */
    content: json("content").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("resource_definition_versions_def").on(t.orgId, t.defId, t.createdAt)],
);

export const matchingCriteria = pgTable(
  "matching_criteria",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    defId: text("def_id").notNull(),
    class: text("class").notNull().default("default"),
    /** false when the criterion was written without `class` (export reproduces what was written). */
    classSet: boolean("class_set").notNull().default(true),
    envType: text("env_type"),
    appId: text("app_id"),
    envId: text("env_id"),
    resId: text("res_id"),
  },
  (t) => [index("matching_criteria_def").on(t.orgId, t.defId)],
);

export const cloudAccounts = pgTable(
  "cloud_accounts",
  {
    orgId: text("org_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    /** Encrypted JSON credentials (write-only). */
    credentialsEnc: text("credentials_enc").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const activeResources = pgTable(
  "active_resources",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    type: text("type").notNull(),
    class: text("class").notNull().default("default"),
    resId: text("res_id").notNull(),
    guResId: text("gu_res_id").notNull(),
    envType: text("env_type").notNull(),
    defId: text("def_id").notNull(),
    defVersionId: text("def_version_id"),
    criteriaId: text("criteria_id"),
    driverType: text("driver_type").notNull(),
    driverAccount: text("driver_account"),
    deployId: text("deploy_id"),
    /** Hash of the resolved inputs and params, to decide reuse on the next deployment. */
    inputsHash: text("inputs_hash"),
    valueOutputs: json("value_outputs").$type<Record<string, unknown>>().notNull().default({}),
    secretOutputsEnc: text("secret_outputs_enc"),
    cookieEnc: text("cookie_enc"),
    /** The engine's whole ActiveResource (manifests may hold secrets), encrypted, for reuse. */
    stateEnc: text("state_enc"),
    status: text("status", { enum: ["pending", "active", "deleting", "replaced"] }).notNull().default("active"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.envId, t.type, t.class, t.resId] }),
    uniqueIndex("active_resources_guresid").on(t.guResId),
    index("active_resources_def").on(t.orgId, t.defId),
  ],
);

/** Dependency graphs computed on request (Humanitec's `resources/graphs`), kept to be read back by id. */
export const dependencyGraphs = pgTable(
  "dependency_graphs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    /** Content hash of the nodes: equal graphs have equal hashes. */
    hash: text("hash").notNull(),
    nodes: json("nodes").$type<Record<string, unknown>[]>().notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("dependency_graphs_env").on(t.orgId, t.appId, t.envId, t.createdAt)],
);
