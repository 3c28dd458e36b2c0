import { healthResponse, livenessOfThisProcess } from "@/lib/server/health/respond";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Never touches the database. */
export function GET() {
  return healthResponse(livenessOfThisProcess());
}
