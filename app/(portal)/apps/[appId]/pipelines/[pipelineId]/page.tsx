import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { definitionOf, getPipeline, getPipelineVersion, listRuns } from "@/lib/server/pipelines/data";
import { getRuntime } from "@/lib/server/runtime";
import { RunForm } from "./run-form";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ appId: string; pipelineId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId, pipelineId } = await params;
  return { title: `${appId} · pipeline ${pipelineId}` };
}

/** One pipeline: its current YAML (read-only), its latest runs and, for those who may, a Run button. */
export default async function PipelinePage({ params }: Props) {
  const { appId, pipelineId } = await params;
  const actor = await requireActor();
  const { db } = await getRuntime();
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const pipeline = app ? await getPipeline(db, actor.orgId, appId, pipelineId) : undefined;
  if (!app || !pipeline) notFound();
  const version = await getPipelineVersion(db, actor.orgId, pipeline.versionId);
  const runs = await listRuns(db, actor.orgId, appId, { pipelineId, limit: 50 });
  const manual = version ? definitionOf(version).triggers.pipeline_call : undefined;
  // The API's rule for starting a run (startPipelineRun): may edit the app's workloads.
  const mayRun = manual !== undefined && can(actor, { action: "workload.edit", appId });
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }, { href: `/apps/${app.id}/pipelines`, label: "Pipelines" }]} />
      <PageHeader title={pipeline.name} description={`Triggers: ${pipeline.triggerTypes.join(", ") || "none"}`} />
      <div className="space-y-6">
        {mayRun ? (
          <Card title="Run by hand">
            <RunForm appId={app.id} pipelineId={pipeline.id} inputs={manual.inputs} />
          </Card>
        ) : null}
        <Card title="Runs">
          {runs.length === 0 ? (
            <p className="text-sm text-zinc-500">No runs yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {runs.map((r) => (
                <li key={r.id} className="flex flex-wrap items-baseline gap-3 py-2 text-sm">
                  <Link href={`/apps/${app.id}/pipelines/${pipeline.id}/runs/${r.id}`} className="font-mono text-xs text-brand-600 hover:underline">
                    {r.id}
                  </Link>
                  <span className="font-medium">{r.status}</span>
                  <span className="text-zinc-500">{r.statusMessage}</span>
                  <span className="text-xs text-zinc-500">
                    {r.trigger} · {formatTime(r.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Definition">
          <pre className="overflow-x-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900">{version?.yaml ?? ""}</pre>
        </Card>
      </div>
    </>
  );
}
