import { healthResponse, readinessOfThisProcess } from "@/lib/server/health/respond";

export const dynamic = "force-dynamic";

/** Readiness: database reachable, migrations current, and (roles all/worker) the deploy worker renewing its leases. 503 with a reason otherwise. */
export async function GET() {
  return healthResponse(await readinessOfThisProcess());
}
