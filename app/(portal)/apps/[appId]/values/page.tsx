import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { TextDiff } from "@/components/ui/text-diff";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { listSharedValues, listValueSetVersions, maskedSnapshot } from "@/lib/server/data/values";
import { canonicalYaml } from "@/lib/server/deploy/diff";
import { getRuntime } from "@/lib/server/runtime";
import { RestoreValuesButton } from "./restore-button";
import { ValuesEditor } from "./values-editor";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Shared values" };

export default async function ValuesPage({ params, searchParams }: { params: Promise<{ appId: string }>; searchParams: Promise<{ version?: string; env?: string }> }) {
  const { appId } = await params;
  const { version, env: envParam } = await searchParams;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const editable = can(actor, { action: "values.edit", appId });
  // `?env=<id>` shows that environment's overrides and their versions.
  const env = envParam ? app.envs.find((e) => e.id === envParam) : undefined;
  if (envParam && !env) notFound();
  const scope = env?.id ?? "";
  const versions = await listValueSetVersions(db, actor.orgId, appId, scope);
  const shown = versions.findIndex((v) => v.id === version);
  const diff = shown >= 0 ? { after: versions[shown], before: versions[shown + 1] } : undefined;
  const text = (v?: (typeof versions)[number]) => (v ? canonicalYaml(maskedSnapshot(v.values)) : "");
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader
        title={env ? `Shared values in ${env.id}` : "Shared values and secrets"}
        description={
          env
            ? "Application values merged with this environment's overrides. Secrets are write-only and encrypted."
            : "Application-level values; environments override them on their own page. Secrets are write-only and encrypted."
        }
        actions={
          <nav className="flex flex-wrap gap-2 text-sm">
            <Link href="?" className={`rounded-md px-2 py-1 ${env ? "hover:bg-zinc-100 dark:hover:bg-zinc-800" : "bg-brand-50 text-brand-700 dark:bg-brand-700/20"}`}>
              application
            </Link>
            {app.envs.map((e) => (
              <Link key={e.id} href={`?env=${e.id}`} className={`rounded-md px-2 py-1 ${env?.id === e.id ? "bg-brand-50 text-brand-700 dark:bg-brand-700/20" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
                {e.id}
              </Link>
            ))}
          </nav>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[1fr_380px]">
        <Card title={env ? `Values in ${env.id}` : "Application values"}>
          <ValuesEditor appId={app.id} envId={scope} values={(await listSharedValues(db, actor.orgId, appId, env?.id))} editable={editable} />
        </Card>
        <Card title="Versions">
          <ol className="space-y-2 text-sm" data-testid="value-versions">
            {versions.length === 0 ? <li className="text-zinc-500">Every change makes a version you can view and restore.</li> : null}
            {versions.map((v) => (
              <li key={v.id} className="flex items-start justify-between gap-2">
                <div>
                  <Link href={`?${env ? `env=${env.id}&` : ""}version=${v.id}`} className="font-mono text-xs text-brand-600 hover:underline">
                    {v.resultOf}
                  </Link>
                  <div className="text-xs text-zinc-500">
                    {v.createdBy} · {formatTime(v.createdAt)}
                  </div>
                </div>
                {editable ? <RestoreValuesButton appId={app.id} envId={scope} versionId={v.id} /> : null}
              </li>
            ))}
          </ol>
        </Card>
      </div>
      {diff ? (
        <Card title="Change made by this version" className="mt-6">
          <TextDiff before={text(diff.before)} after={text(diff.after)} label="Value set version diff" />
        </Card>
      ) : null}
    </>
  );
}
