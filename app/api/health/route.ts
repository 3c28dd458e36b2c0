import { NextResponse } from "next/server";
import { pendingMigrations } from "@/db/client";
import { logger } from "@/lib/server/logger";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Liveness and readiness: the database answers and every migration is applied. */
export function GET() {
  try {
    const { db } = getRuntime();
    db.$client.prepare("SELECT 1").get();
    const pending = pendingMigrations(db);
    const ok = pending.length === 0;
    return NextResponse.json(
      { status: ok ? "ok" : "degraded", database: "reachable", migrations: ok ? "current" : { pending } },
      { status: ok ? 200 : 503 },
    );
  } catch (err) {
    logger.error({ err }, "health check failed");
    return NextResponse.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
