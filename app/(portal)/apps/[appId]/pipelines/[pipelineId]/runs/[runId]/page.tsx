import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { getPipeline } from "@/lib/server/pipelines/data";
import { loadRunTimeline } from "@/lib/server/pipelines/timeline";
import { getRuntime } from "@/lib/server/runtime";
import { RunTimeline } from "./run-timeline";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ appId: string; pipelineId: string; runId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId, runId } = await params;
  return { title: `${appId} · pipeline run ${runId}` };
}

/** One pipeline run as a live timeline, with its waiting approval. */
export default async function PipelineRunPage({ params }: Props) {
  const { appId, pipelineId, runId } = await params;
  const actor = await requireActor();
  const { db } = await getRuntime();
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const pipeline = app ? await getPipeline(db, actor.orgId, appId, pipelineId) : undefined;
  const timeline = pipeline ? await loadRunTimeline(db, actor, appId, pipelineId, runId) : undefined;
  if (!app || !pipeline || !timeline) notFound();
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }, { href: `/apps/${app.id}/pipelines`, label: "Pipelines" }, { href: `/apps/${app.id}/pipelines/${pipeline.id}`, label: pipeline.name }]} />
      <PageHeader title={<span className="font-mono">Run {runId}</span>} description={timeline.run.restartedFrom ? `Restart of run ${timeline.run.restartedFrom}` : undefined} />
      <Card title="Timeline">
        <RunTimeline refs={{ appId, pipelineId, runId }} initial={timeline} />
      </Card>
    </>
  );
}
