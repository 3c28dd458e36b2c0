import { NextResponse } from "next/server";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/server/auth/auth-options";
import { can } from "@/lib/server/auth/permissions";
import { getConfig } from "@/lib/server/config";
import { getDeployment, listDeploymentErrors, listDeploymentEvents } from "@/lib/server/data/deployments";
import { loadActor } from "@/lib/server/data/users";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Live status for the deployment page (session auth): status, events after `after`, errors. */
export async function GET(req: Request, { params }: { params: Promise<{ appId: string; deployId: string }> }) {
  const { appId, deployId } = await params;
  const session = await getServerSession(await authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const { db } = await getRuntime();
  const actor = userId ? (await loadActor(db, getConfig().BATON_ORG_ID, userId)) : undefined;
  if (!actor) return NextResponse.json({ error: "unauthenticated", message: "Sign in again" }, { status: 401 });
  if (!can(actor, { action: "app.view", appId })) return NextResponse.json({ error: "not-found", message: "Deployment not found" }, { status: 404 });
  const dep = await getDeployment(db, actor.orgId, appId, deployId);
  if (!dep) return NextResponse.json({ error: "not-found", message: "Deployment not found" }, { status: 404 });
  const after = Number(new URL(req.url).searchParams.get("after") ?? 0) || 0;
  return NextResponse.json({
    status: dep.status,
    finishedAt: dep.finishedAt,
    events: (await listDeploymentEvents(db, deployId, after)),
    errors: dep.status === "failed" ? (await listDeploymentErrors(db, deployId)) : [],
  });
}
