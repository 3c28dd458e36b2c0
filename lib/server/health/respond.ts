import { getConfig } from "@/lib/server/config";
import { logger } from "@/lib/server/logger";
import { getRuntime } from "@/lib/server/runtime";
import { isDraining } from "@/lib/server/shutdown";
import { liveness, readiness, type HealthResult } from "./checks";

/** Readiness of this process, opening the runtime if needed (an unreachable database at start answers 503). */
export async function readinessOfThisProcess(): Promise<HealthResult> {
  const role = getConfig().BATON_ROLE;
  if (isDraining()) return { httpStatus: 503, body: { status: "degraded", role, reason: "the server is shutting down (draining)" } };
  let db;
  try {
    db = (await getRuntime()).db;
  } catch (err) {
    logger.error({ err }, "readiness: Baton could not open its database");
    return { httpStatus: 503, body: { status: "error", role, database: "unreachable", reason: "the database cannot be reached" } };
  }
  return await readiness(db, role);
}

export function livenessOfThisProcess(): HealthResult {
  return liveness(getConfig().BATON_ROLE);
}

export function healthResponse(result: HealthResult): Response {
  return Response.json(result.body, { status: result.httpStatus, headers: { "Cache-Control": "no-store" } });
}
