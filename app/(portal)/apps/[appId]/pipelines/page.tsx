import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { listPipelines } from "@/lib/server/pipelines/data";
import { getRuntime } from "@/lib/server/runtime";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ appId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).appId} · pipelines` };
}

/** The application's pipelines, each with its triggers. */
export default async function AppPipelinesPage({ params }: Props) {
  const { appId } = await params;
  const actor = await requireActor();
  const { db } = await getRuntime();
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const pipelines = await listPipelines(db, actor.orgId, appId);
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader title="Pipelines" description={`${app.name}: pipelines defined through the API or CLI.`} />
      <Card title="Pipelines">
        {pipelines.length === 0 ? (
          <p className="text-sm text-zinc-500">No pipelines yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {pipelines.map((p) => (
              <li key={p.id} className="flex flex-wrap items-baseline gap-3 py-2 text-sm">
                <Link href={`/apps/${app.id}/pipelines/${p.id}`} className="font-medium text-brand-600 hover:underline">
                  {p.name}
                </Link>
                <span className="font-mono text-xs text-zinc-500">{p.id}</span>
                <span className="text-xs text-zinc-500">triggers: {p.triggerTypes.join(", ") || "none"}</span>
                <span className="text-xs text-zinc-500">created {formatTime(p.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
