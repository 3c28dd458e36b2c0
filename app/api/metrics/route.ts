import { renderMetrics } from "@/lib/server/metrics";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Prometheus text exposition: process metrics plus domain and queue gauges read at scrape time. */
export async function GET() {
  const { db } = await getRuntime();
  const { body, contentType } = await renderMetrics(db);
  return new Response(body, { headers: { "Content-Type": contentType } });
}
