import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const idPattern = /^[a-z0-9](?:-?[a-z0-9]+)+$/;
/** A positive whole number from an environment variable, with its unit in the message. */
const positiveInt = (what: string) => z.coerce.number({ error: `must be a whole number of ${what}` }).int(`must be a whole number of ${what}`).positive(`must be a positive number of ${what}`);

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * Every environment variable Baton reads, validated once at boot. A bad value stops the
 * server with a message naming the variable (see README "Configuration").
 */
export const configSchema = z
  .object({
    PORT: z.coerce.number({ error: "must be a port number (1–65535)" }).int("must be a port number (1–65535)").min(1, "must be a port number (1–65535)").max(65535, "must be a port number (1–65535)").default(3000),
    BATON_HOST: z.string().min(1).default("127.0.0.1"),
    BATON_DATA_DIR: z.string().min(1).default("./data"),
    /** postgres://user:password@host:5432/db selects PostgreSQL; absent, SQLite in BATON_DATA_DIR. */
    BATON_DATABASE_URL: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/i.test(v), "must be a postgres:// URL naming a host and a database, e.g. postgres://baton@db:5432/baton")
      .optional(),
    /** Connections each process keeps open to PostgreSQL. */
    BATON_DATABASE_POOL_SIZE: positiveInt("connections").max(200, "must be at most 200 connections").default(10),
    BATON_ORG_ID: z
      .string()
      .regex(idPattern, "must be lowercase letters, digits and single dashes (e.g. my-org)")
      .min(2)
      .max(50)
      .default("default"),
    BATON_ORG_NAME: z.string().min(1).max(100).default("Demo Org"),
    BATON_SECRET_KEY: z
      .string()
      .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, "base64").length === 32, {
        message: "must be 32 bytes, as 64 hex characters or base64",
      })
      .optional(),
    BATON_ADMIN_EMAIL: z.string().email("must be an email address").default("admin@baton.local"),
    BATON_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    BATON_ADMIN_TOKEN: z.string().min(20, "must be at least 20 characters").optional(),
    BATON_SEED_DEMO: bool.default(true),
    BATON_OIDC_ISSUER: z.string().url("must be a URL").optional(),
    BATON_OIDC_CLIENT_ID: z.string().min(1).optional(),
    BATON_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    NEXTAUTH_URL: z.string().url("must be a URL such as http://localhost:3000").optional(),
    // Budgets of every template execution, and the hard limits of a whole plan (README "Template budgets").
    BATON_TEMPLATE_MAX_STEPS: positiveInt("steps").default(10_000_000),
    BATON_TEMPLATE_MAX_OUTPUT_BYTES: positiveInt("bytes").default(16 * 1024 * 1024),
    BATON_TEMPLATE_TIMEOUT_MS: positiveInt("milliseconds").default(10_000),
    BATON_PLAN_TIMEOUT_MS: positiveInt("milliseconds").default(120_000),
    BATON_PLAN_MEMORY_MB: positiveInt("megabytes").min(32, "must be at least 32 megabytes").default(1024),
    BATON_PLAN_WORKERS: positiveInt("threads").max(64, "must be at most 64 threads").default(2),
    /** all: web and deploy worker in one process (the default); web: serve only; worker: deploy only (`npm run worker`). */
    BATON_ROLE: z.enum(["all", "web", "worker"], { error: "must be all, web or worker" }).default("all"),
    /** How long a deploy job stays claimed without a heartbeat: the bound on noticing a dead worker. */
    BATON_JOB_LEASE_SECONDS: positiveInt("seconds").max(3600, "must be at most 3600 seconds").default(30),
    /** `npm run worker` only: a port on BATON_HOST serving /api/health/live, /api/health/ready and /api/metrics (Kubernetes probes). Unset: no listener. */
    BATON_WORKER_HEALTH_PORT: z.coerce.number({ error: "must be a port number (1–65535)" }).int("must be a port number (1–65535)").min(1, "must be a port number (1–65535)").max(65535, "must be a port number (1–65535)").optional(),
    /** How long a stopping worker process lets running deployments finish (`npm run worker`). */
    BATON_SHUTDOWN_GRACE_SECONDS: positiveInt("seconds").default(60),
    /** On SIGTERM, how long the web server keeps serving with readiness failing, so the load balancer drains it. */
    BATON_SHUTDOWN_DRAIN_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int("must be a whole number of seconds").min(0, "must be 0 or more").max(300, "must be at most 300 seconds").default(5),
    /**
     * The data directory is one volume every process mounts (processes on one machine, or a
     * shared file system): only then may PostgreSQL installations use the embedded GitOps
     * repository in it. On SQLite every process shares the data directory anyway.
     */
    BATON_DATA_DIR_SHARED: bool.default(false),
    /**
     * Hosts webhooks may reach although they are (or resolve to) private, loopback or
     * link-local addresses: comma-separated host names or IP addresses, e.g. 127.0.0.1 for tests
     * or a receiver inside the cluster. Plain http is accepted only for these.
     */
    BATON_WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .refine(
        (v) => v.split(",").map((h) => h.trim()).filter(Boolean).every((h) => isIP(h.replace(/^\[|\]$/g, "")) !== 0 || /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(h)),
        "must be host names or IP addresses separated by commas, without scheme, port or path (e.g. 127.0.0.1,hooks.internal)",
      )
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.BATON_DATABASE_URL && !cfg.BATON_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["BATON_SECRET_KEY"],
        message: "is required with BATON_DATABASE_URL: every replica must share the key that encrypts secrets and signs sessions (generate one with `openssl rand -hex 32`)",
      });
    }
    const oidc = [cfg.BATON_OIDC_ISSUER, cfg.BATON_OIDC_CLIENT_ID, cfg.BATON_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["BATON_OIDC_ISSUER"],
        message: "set BATON_OIDC_ISSUER, BATON_OIDC_CLIENT_ID and BATON_OIDC_CLIENT_SECRET together",
      });
    }
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string; databaseFile: string };

export class ConfigError extends Error {}

/** Parses an environment (process.env by default); throws ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const dataDir = path.resolve(result.data.BATON_DATA_DIR);
  return { ...result.data, dataDir, databaseFile: path.join(dataDir, "baton.db") };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
