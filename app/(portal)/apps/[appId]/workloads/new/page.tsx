import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { newWorkloadTemplate } from "@/lib/engine/score/new-workload-template";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { resourceTypeHints } from "@/lib/server/data/resource-hints";
import { workloadResourceMatches } from "@/lib/server/data/workload-matches";
import { getRuntime } from "@/lib/server/runtime";
import { LiveResourceMatches } from "../resource-matches";
import { WorkloadDraft } from "../workload-draft";
import { WorkloadEditor } from "../workload-editor";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "New workload" };

export default async function NewWorkloadPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "workload.edit", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const template = newWorkloadTemplate();
  const matches = (await workloadResourceMatches(db, actor.orgId, appId, "my-workload", template, app.envs)) ?? [];
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader title="New workload" description="Describe the workload once in Score; it deploys unchanged to every environment." />
      <WorkloadDraft initial={template}>
        <div className="grid gap-6 xl:grid-cols-[1fr_340px]">
          <div className="min-w-0">
            <WorkloadEditor appId={app.id} resourceTypes={(await resourceTypeHints(db, actor.orgId))} initialErrors={[]} />
          </div>
          <Card title="Resources">
            <p className="mb-3 text-xs text-zinc-500">Per environment, the resource definition each resource would match. Updates as you type.</p>
            <LiveResourceMatches appId={app.id} initialText={template} initialRows={matches} />
          </Card>
        </div>
      </WorkloadDraft>
    </>
  );
}
