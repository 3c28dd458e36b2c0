import { first } from "@/db/raw";
import { count } from "drizzle-orm";
import { applications, deployments, environments } from "@/db/tables";
import { metricsRegistry } from "@/lib/server/metrics";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Prometheus text exposition: process metrics plus domain gauges read at scrape time. */
export async function GET() {
  const registry = metricsRegistry();
  const { db } = await getRuntime();
  const gauges: [string, string, number][] = [
    ["baton_applications", "Applications in the organisation", (await first(db.select({ n: count() }).from(applications)))?.n ?? 0],
    ["baton_environments", "Environments across all applications", (await first(db.select({ n: count() }).from(environments)))?.n ?? 0],
    ["baton_deployments", "Deployments recorded", (await first(db.select({ n: count() }).from(deployments)))?.n ?? 0],
  ];
  const domain = gauges.map(([name, help, v]) => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${v}\n`).join("");
  return new Response((await registry.metrics()) + domain, { headers: { "Content-Type": registry.contentType } });
}
