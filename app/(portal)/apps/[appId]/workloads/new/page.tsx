import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { newWorkloadTemplate } from "@/lib/engine/score/new-workload-template";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { resourceTypeHints } from "@/lib/server/data/resource-hints";
import { getRuntime } from "@/lib/server/runtime";
import { WorkloadEditor } from "../workload-editor";

export const metadata: Metadata = { title: "New workload" };

export default async function NewWorkloadPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const actor = await requireActor();
  const db = getRuntime().db;
  if (!can(actor, { action: "workload.edit", appId })) notFound();
  const app = getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  return (
    <>
      <nav className="mb-2 text-sm text-zinc-500">
        <Link href={`/apps/${app.id}`} className="hover:underline">
          {app.name}
        </Link>
      </nav>
      <PageHeader title="New workload" description="Describe the workload once in Score; it deploys unchanged to every environment." />
      <WorkloadEditor appId={app.id} initial={newWorkloadTemplate()} resourceTypes={resourceTypeHints(db, actor.orgId)} initialErrors={[]} />
    </>
  );
}
