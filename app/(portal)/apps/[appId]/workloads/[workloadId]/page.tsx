import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { TextDiff } from "@/components/ui/text-diff";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { resourceTypeHints } from "@/lib/server/data/resource-hints";
import { workloadResourceMatches } from "@/lib/server/data/workload-matches";
import { getWorkload, listWorkloadVersions } from "@/lib/server/data/workloads";
import { getRuntime } from "@/lib/server/runtime";
import { LiveResourceMatches } from "../resource-matches";
import { WorkloadDraft } from "../workload-draft";
import { WorkloadEditor } from "../workload-editor";

type Props = { params: Promise<{ appId: string; workloadId: string }>; searchParams: Promise<{ from?: string; to?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).workloadId };
}

export default async function WorkloadPage({ params, searchParams }: Props) {
  const { appId, workloadId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const workload = app && (await getWorkload(db, actor.orgId, appId, workloadId));
  if (!app || !workload) notFound();
  const versions = await listWorkloadVersions(db, actor.orgId, appId, workloadId);
  const latest = versions[0];
  const mayEdit = can(actor, { action: "workload.edit", appId });
  const matches = (await workloadResourceMatches(db, actor.orgId, appId, workloadId, latest.scoreYaml, app.envs)) ?? [];

  const { from, to } = await searchParams;
  const toV = versions.find((v) => String(v.version) === to) ?? latest;
  const fromV = versions.find((v) => String(v.version) === from) ?? versions.find((v) => v.version === toV.version - 1);

  return (
    <>
      <nav className="mb-2 text-sm text-zinc-500">
        <Link href={`/apps/${app.id}`} className="hover:underline">
          {app.name}
        </Link>{" "}
        / workloads
      </nav>
      <PageHeader
        title={workloadId}
        description={
          <>
            version {latest.version} {latest.valid ? <Badge tone="green">valid</Badge> : <Badge tone="amber">draft — not deployable</Badge>}
          </>
        }
      />
      <WorkloadDraft initial={latest.scoreYaml}>
        <div className="grid gap-6 xl:grid-cols-[1fr_340px]">
          <div className="min-w-0 space-y-6">
            {mayEdit ? (
              <WorkloadEditor
                appId={app.id}
                workloadId={workloadId}
                resourceTypes={(await resourceTypeHints(db, actor.orgId))}
                initialErrors={latest.errors as never[]}
              />
            ) : (
              <pre className="overflow-x-auto rounded-md border border-zinc-200 bg-white p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900">
                {latest.scoreYaml}
              </pre>
            )}
            {fromV ? (
              <Card title={`Changes from version ${fromV.version} to ${toV.version}`}>
                <TextDiff before={fromV.scoreYaml} after={toV.scoreYaml} label={`Diff of versions ${fromV.version} and ${toV.version}`} />
              </Card>
            ) : null}
          </div>
          <div className="space-y-6">
            <Card title="Resources">
              <LiveResourceMatches appId={app.id} workloadId={workloadId} initialText={latest.scoreYaml} initialRows={matches} />
            </Card>
            <Card title="Versions">
              <ol className="space-y-2 text-sm" data-testid="versions">
                {versions.map((v) => (
                  <li key={v.version} className="flex items-start justify-between gap-2">
                    <div>
                      <div>
                        <span className="font-medium">v{v.version}</span> {v.valid ? null : <Badge tone="amber">draft</Badge>}{" "}
                        <span className="text-zinc-600 dark:text-zinc-300">{v.message}</span>
                      </div>
                      <div className="text-xs text-zinc-500">
                        {v.createdBy} · {v.createdAt.slice(0, 16).replace("T", " ")}
                      </div>
                    </div>
                    {v.version > 1 ? (
                      <Link className="shrink-0 text-xs text-brand-600 hover:underline" href={`?from=${v.version - 1}&to=${v.version}`}>
                        diff
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ol>
            </Card>
          </div>
        </div>
      </WorkloadDraft>
    </>
  );
}
