import { healthResponse, readinessOfThisProcess } from "@/lib/server/health/respond";

export const dynamic = "force-dynamic";

/** Readiness, kept at its old path for compatibility: the same answer as /api/health/ready. */
export async function GET() {
  return healthResponse(await readinessOfThisProcess());
}
