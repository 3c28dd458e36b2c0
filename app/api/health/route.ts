import { sql } from "drizzle-orm";
import { rawGet } from "@/db/raw";
import { NextResponse } from "next/server";
import { pendingDatabaseMigrations } from "@/db/open";
import { logger } from "@/lib/server/logger";
import { getRuntime } from "@/lib/server/runtime";
import { isDraining } from "@/lib/server/shutdown";

export const dynamic = "force-dynamic";

/** Liveness and readiness: the database answers and every migration is applied. */
export async function GET() {
  if (isDraining()) return NextResponse.json({ status: "draining", reason: "the server is shutting down" }, { status: 503 });
  try {
    const { db } = await getRuntime();
    await rawGet(db, sql`SELECT 1`);
    const pending = await pendingDatabaseMigrations(db);
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
