import client from "prom-client";
import { and, count, eq, min } from "drizzle-orm";
import type { Db } from "@/db/client";
import { first } from "@/db/raw";
import { applications, deployments, environments, jobs } from "@/db/tables";
import { logger } from "@/lib/server/logger";

// One registry per process, kept on globalThis so dev reloads do not register twice.
const holder = globalThis as unknown as { __batonMetrics?: { registry: client.Registry } };

export function metricsRegistry(): client.Registry {
  if (!holder.__batonMetrics) {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry, prefix: "baton_" });
    holder.__batonMetrics = { registry };
  }
  return holder.__batonMetrics.registry;
}

type Sample = [name: string, type: "gauge" | "counter", help: string, value: number];

/**
 * The domain and queue figures, read from the database at scrape time: web replicas and
 * workers share one queue, so every process reports the same numbers and no process has to
 * be the one that is scraped. Takeovers are counted from the jobs themselves (a job taken
 * over after its lease expired ends `failed` with error `interrupted`, and jobs are never
 * deleted), which makes the counter cluster-wide and monotonic across restarts — a
 * per-process counter would count only the takeovers that process happened to perform and
 * would reset on every restart.
 */
export async function domainSamples(db: Db, now = Date.now()): Promise<Sample[]> {
  const countOf = async (q: PromiseLike<{ n: number }[]>) => Number((await first(q))?.n ?? 0);
  const oldest = (await first(db.select({ at: min(jobs.createdAt) }).from(jobs).where(eq(jobs.status, "queued"))))?.at;
  return [
    ["baton_applications", "gauge", "Applications in the organisation", await countOf(db.select({ n: count() }).from(applications))],
    ["baton_environments", "gauge", "Environments across all applications", await countOf(db.select({ n: count() }).from(environments))],
    ["baton_deployments", "gauge", "Deployments recorded", await countOf(db.select({ n: count() }).from(deployments))],
    ["baton_jobs_queued", "gauge", "Deploy jobs waiting for a worker (queue depth)", await countOf(db.select({ n: count() }).from(jobs).where(eq(jobs.status, "queued")))],
    ["baton_jobs_oldest_queued_age_seconds", "gauge", "Age of the oldest queued job in seconds (0 when the queue is empty)", oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0],
    ["baton_jobs_running", "gauge", "Deploy jobs claimed by a worker and running", await countOf(db.select({ n: count() }).from(jobs).where(eq(jobs.status, "running")))],
    ["baton_job_lease_takeovers_total", "counter", "Jobs taken over (failed as interrupted) after their worker's lease expired, across all processes", await countOf(db.select({ n: count() }).from(jobs).where(and(eq(jobs.status, "failed"), eq(jobs.error, "interrupted"))))],
  ];
}

/** Prometheus text exposition: this process's metrics plus the domain and queue figures. */
export async function renderMetrics(db: Db, now = Date.now()): Promise<{ body: string; contentType: string }> {
  const registry = metricsRegistry();
  let samples: Sample[];
  try {
    samples = [["baton_database_up", "gauge", "Whether the database answered this scrape (1) or not (0)", 1], ...(await domainSamples(db, now))];
  } catch (err) {
    logger.error({ err }, "metrics: the database did not answer; serving process metrics only");
    samples = [["baton_database_up", "gauge", "Whether the database answered this scrape (1) or not (0)", 0]];
  }
  const domain = samples.map(([name, type, help, v]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}\n`).join("");
  return { body: (await registry.metrics()) + domain, contentType: registry.contentType };
}
