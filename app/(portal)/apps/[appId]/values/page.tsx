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

export const metadata: Metadata = { title: "Shared values" };

export default async function ValuesPage({ params, searchParams }: { params: Promise<{ appId: string }>; searchParams: Promise<{ version?: string }> }) {
  const { appId } = await params;
  const { version } = await searchParams;
  const actor = await requireActor();
  const db = getRuntime().db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const editable = can(actor, { action: "values.edit", appId });
  const versions = listValueSetVersions(db, actor.orgId, appId, "");
  const shown = versions.findIndex((v) => v.id === version);
  const diff = shown >= 0 ? { after: versions[shown], before: versions[shown + 1] } : undefined;
  const text = (v?: (typeof versions)[number]) => (v ? canonicalYaml(maskedSnapshot(v.values)) : "");
  return (
    <>
      <nav className="mb-2 text-sm text-zinc-500">
        <Link href={`/apps/${app.id}`} className="hover:underline">
          {app.name}
        </Link>
      </nav>
      <PageHeader title="Shared values and secrets" description="Application-level values; environments override them on their own page. Secrets are write-only and encrypted." />
      <div className="grid gap-6 xl:grid-cols-[1fr_380px]">
        <Card title="Application values">
          <ValuesEditor appId={app.id} envId="" values={listSharedValues(db, actor.orgId, appId)} editable={editable} />
        </Card>
        <Card title="Versions">
          <ol className="space-y-2 text-sm" data-testid="value-versions">
            {versions.length === 0 ? <li className="text-zinc-500">Every change makes a version you can view and restore.</li> : null}
            {versions.map((v) => (
              <li key={v.id} className="flex items-start justify-between gap-2">
                <div>
                  <Link href={`?version=${v.id}`} className="font-mono text-xs text-brand-600 hover:underline">
                    {v.resultOf}
                  </Link>
                  <div className="text-xs text-zinc-500">
                    {v.createdBy} · {formatTime(v.createdAt)}
                  </div>
                </div>
                {editable ? <RestoreValuesButton appId={app.id} versionId={v.id} /> : null}
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
