import { z } from "zod";

/**
 * Response shapes, in Humanitec's JSON (snake_case). Named with `.meta({ id })` so the
 * OpenAPI document lists them under components/schemas and the API page can show them.
 */
const timestamp = z.string().describe("ISO-8601 timestamp");

export const errorSchema = z
  .object({
    error: z.string().describe("Machine-readable code, e.g. API-404"),
    message: z.string().describe("What went wrong, written for the user"),
    details: z.record(z.string(), z.unknown()).optional().describe("Field errors (`fields`) or affected objects"),
  })
  .meta({ id: "HumanitecErrorResponse" });

export const envStubSchema = z.object({ id: z.string(), name: z.string(), type: z.string() }).meta({ id: "EnvironmentBaseResponse" });

export const applicationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    org_id: z.string(),
    created_at: timestamp,
    created_by: z.string(),
    envs: z.array(envStubSchema),
  })
  .meta({ id: "ApplicationResponse" });

export const deploymentStubSchema = z
  .object({
    id: z.string(),
    env_id: z.string(),
    from_id: z.string().nullable(),
    delta_id: z.string().nullable(),
    set_id: z.string(),
    value_set_version_id: z.string().nullable(),
    comment: z.string(),
    status: z.enum(["pending", "in progress", "succeeded", "failed"]),
    status_changed_at: timestamp,
    created_at: timestamp,
    created_by: z.string(),
    export_file: z.string().describe("Always empty: Baton does not export deployments"),
    export_status: z.string().describe("Always empty"),
  })
  .meta({ id: "DeploymentResponse" });

export const environmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    created_at: timestamp,
    created_by: z.string(),
    status: z.literal("active"),
    from_deploy: deploymentStubSchema.nullable().describe("The deployment the next deployment is based on"),
    last_deploy: deploymentStubSchema.nullable().describe("The newest deployment"),
  })
  .meta({ id: "EnvironmentResponse" });

export const envTypeSchema = z.object({ id: z.string(), description: z.string() }).meta({ id: "EnvironmentTypeResponse" });

export const orgRoleEnum = z.enum(["administrator", "manager", "member", "viewer"]);

export const userRoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string().describe("The role held in the scope asked for (org, app or env type)"),
    type: z.enum(["user", "service"]),
    created_at: timestamp,
  })
  .meta({ id: "UserRoleResponse" });

export const userProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    type: z.enum(["user", "service"]),
    roles: z.record(z.string(), z.string()).describe("Role per scope: `/orgs/{orgId}`, `/orgs/{orgId}/apps/{appId}`, `/orgs/{orgId}/env-types/{type}`"),
  })
  .meta({ id: "UserProfileResponse" });

export const tokenInfoSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    type: z.literal("static"),
    created_at: timestamp,
    created_by: z.string().describe("User id of whoever made the token"),
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
  })
  .meta({ id: "TokenInfoResponse" });

export const tokenCreatedSchema = z
  .object({ id: z.string(), token: z.string().describe("Shown this once; only its hash is stored"), expires_at: timestamp.nullable() })
  .meta({ id: "TokenResponse" });

export const criterionSchema = z
  .object({
    id: z.string().optional(),
    class: z.string().optional(),
    env_type: z.string().optional(),
    app_id: z.string().optional(),
    env_id: z.string().optional(),
    res_id: z.string().optional(),
  })
  .meta({ id: "MatchingCriteriaResponse" });

export const definitionSchema = z
  .object({
    id: z.string(),
    org_id: z.string(),
    name: z.string(),
    type: z.string(),
    driver_type: z.string(),
    driver_account: z.string().optional(),
    driver_inputs: z
      .object({ values: z.record(z.string(), z.unknown()).optional(), secret_refs: z.record(z.string(), z.unknown()).optional() })
      .optional()
      .describe("Secret inputs are write-only and never returned"),
    secret_paths: z.array(z.string()).describe("Which secret inputs are set (paths only)"),
    provision: z.record(z.string(), z.unknown()).optional(),
    criteria: z.array(criterionSchema),
    is_default: z.boolean(),
    is_deleted: z.boolean(),
    active_version_id: z.string().nullable(),
    current_version_id: z.string().describe("The same as active_version_id (Humanitec's name)"),
    created_at: timestamp,
    created_by: z.string(),
    updated_at: timestamp,
    updated_by: z.string(),
  })
  .meta({ id: "ResourceDefinitionResponse" });

export const definitionVersionSchema = z
  .object({
    id: z.string(),
    org_id: z.string(),
    def_id: z.string(),
    name: z.string(),
    type: z.string(),
    driver_type: z.string(),
    driver_account: z.string(),
    driver_inputs: z.object({ values: z.record(z.string(), z.unknown()), secret_refs: z.record(z.string(), z.unknown()) }).describe("Secret inputs are write-only and never returned"),
    provision: z.record(z.string(), z.unknown()),
    action: z.string(),
    active: z.boolean(),
    number: z.number().int(),
    created_at: timestamp,
    created_by: z.string(),
  })
  .meta({ id: "ResourceDefinitionVersion" });

export const resourceTypeSchema = z
  .object({
    type: z.string(),
    name: z.string(),
    category: z.string(),
    use: z.enum(["direct", "indirect", "implicit"]),
    description: z.string().optional(),
    inputs_schema: z.record(z.string(), z.unknown()),
    outputs_schema: z.record(z.string(), z.unknown()),
    is_builtin: z.boolean(),
  })
  .meta({ id: "ResourceTypeResponse" });

export const accountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    created_at: timestamp,
    created_by: z.string(),
    is_used: z.boolean(),
  })
  .meta({ id: "ResourceAccountResponse" });

export const activeResourceSchema = z
  .object({
    org_id: z.string(),
    app_id: z.string(),
    env_id: z.string(),
    env_type: z.string(),
    type: z.string(),
    class: z.string(),
    res_id: z.string(),
    gu_res_id: z.string(),
    def_id: z.string(),
    def_version_id: z.string().nullable(),
    criteria_id: z.string().nullable(),
    driver_type: z.string(),
    driver_account: z.string().nullable(),
    deploy_id: z.string().nullable(),
    resource: z.record(z.string(), z.unknown()).describe("Value outputs; secret outputs are never returned"),
    secret_refs: z.record(z.string(), z.unknown()).describe("Always empty: Baton keeps secret outputs encrypted itself, not in a secret store"),
    status: z.string(),
    updated_at: timestamp,
  })
  .meta({ id: "ActiveResourceResponse" });

export const valueSchema = z
  .object({
    key: z.string(),
    value: z.string().describe("Empty for secrets: they are never returned"),
    description: z.string(),
    is_secret: z.boolean(),
    source: z.enum(["app", "env"]),
    created_at: timestamp,
    updated_at: timestamp,
    secret_key: z.null().describe("Baton has no secret stores"),
    secret_store_id: z.null(),
    secret_version: z.null(),
  })
  .meta({ id: "ValueResponse" });

export const valueSetVersionSchema = z
  .object({
    id: z.string(),
    values: z
      .record(z.string(), valueSchema.extend({ purged: z.literal(true).optional() }))
      .describe("Secrets masked; a purged value is empty and marked `purged`"),
    change: z.array(z.unknown()),
    comment: z.string(),
    result_of: z.string(),
    source_value_set_version_id: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    created_by: z.string(),
  })
  .meta({ id: "ValueSetVersionResponse" });

export const deploymentErrorSchema = z
  .object({ code: z.string(), error_type: z.string(), scope: z.string(), object_id: z.string(), message: z.string(), summary: z.string() })
  .meta({ id: "DeploymentErrorResponse" });

export const deploymentEventSchema = z
  .object({ id: z.number().int(), at: timestamp, level: z.enum(["info", "warn", "error"]), step: z.string(), message: z.string() })
  .meta({ id: "DeploymentEventResponse" });

export const setSchema = z
  .object({
    id: z.string(),
    version: z.number().optional(),
    modules: z.record(z.string(), z.unknown()),
    shared: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "SetResponse" });

export const deltaSchema = z
  .object({
    id: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    modules: z.record(z.string(), z.unknown()),
    shared: z.array(z.unknown()),
  })
  .meta({ id: "DeltaResponse" });

export const resourceClassSchema = z
  .object({ id: z.string(), resource_type: z.string(), description: z.string(), created_at: timestamp, created_by: z.string() })
  .meta({ id: "ResourceClassResponse" });

export const dependencyGraphNodeSchema = z
  .object({
    id: z.string().describe("res_id"),
    type: z.string(),
    class: z.string(),
    guresid: z.string(),
    def_id: z.string(),
    def_version_id: z.string(),
    criteria_id: z.string(),
    driver_type: z.string(),
    driver_account: z.string().optional(),
    driver: z.record(z.string(), z.unknown()).describe("The definition's driver values (secret inputs are never shown)"),
    resource: z.record(z.string(), z.unknown()).describe("The resource's params"),
    resource_schema: z.record(z.string(), z.unknown()).describe("The type's outputs schema"),
    depends_on: z.array(z.string()).describe("guresids provisioned before this node"),
  })
  .meta({ id: "NodeBodyResponse" });

export const dependencyGraphSchema = z
  .object({ id: z.string(), hash: z.string(), nodes: z.array(dependencyGraphNodeSchema), created_at: timestamp, used_at: timestamp })
  .meta({ id: "DependencyGraphResponse" });
