import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication, listEnvTypes } from "@/lib/server/data/apps";
import { listWorkloads } from "@/lib/server/data/workloads";
import { getRuntime } from "@/lib/server/runtime";
import { AppSettings, CloneEnvironmentForm, CreateEnvironmentForm } from "./app-client";

export async function generateMetadata({ params }: { params: Promise<{ appId: string }> }): Promise<Metadata> {
  return { title: (await params).appId };
}

export default async function ApplicationPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const envTypes = (await listEnvTypes(db, actor.orgId))
    .map((t) => t.id)
    .filter((type) => can(actor, { action: "env.create", appId, envType: type }));
  const envTypesInUse = [...new Set(app.envs.map((e) => e.type))];
  const cloneSources = app.envs.map((e) => ({ id: e.id, deployed: e.lastDeployId !== null }));
  const workloads = await listWorkloads(db, actor.orgId, appId);
  const mayEditWorkloads = can(actor, { action: "workload.edit", appId });
  return (
    <>
      <PageHeader
        title={app.name}
        description={
          <>
            <span className="font-mono">{app.id}</span> · created {formatTime(app.createdAt)}
          </>
        }
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <Link href={`/apps/${app.id}/values`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Shared values
            </Link>
            <Link href={`/apps/${app.id}/pipelines`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Pipelines
            </Link>
            <Link href={`/apps/${app.id}/webhooks`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Webhooks
            </Link>
            {envTypes.length > 0 && cloneSources.length > 0 ? <CloneEnvironmentForm appId={app.id} sources={cloneSources} envTypes={envTypes} /> : null}
            {envTypes.length > 0 ? <CreateEnvironmentForm appId={app.id} envTypes={envTypes} /> : null}
          </div>
        }
      />
      <Card title="Environments">
        {app.envs.length === 0 ? (
          <EmptyState title="No environments">Create an environment to deploy this application into.</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Environment</th>
                <th className="pb-2 font-medium">Type</th>
                <th className="pb-2 font-medium">Last deployment</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {app.envs.map((env) => (
                <tr key={env.id} data-testid={`env-row-${env.id}`}>
                  <td className="py-2">
                    <Link className="font-medium text-brand-600 hover:underline" href={`/apps/${app.id}/envs/${env.id}`}>
                      {env.name}
                    </Link>{" "}
                    <span className="font-mono text-xs text-zinc-500">{env.id}</span>
                  </td>
                  <td className="py-2">
                    <Badge tone="blue">{env.type}</Badge>
                  </td>
                  <td className="py-2 text-zinc-500">
                    {env.lastDeployId ? (
                      <Link className="font-mono text-xs hover:underline" href={`/apps/${app.id}/deploys/${env.lastDeployId}`}>
                        {env.lastDeployId}
                      </Link>
                    ) : (
                      "Not deployed yet"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card
        title="Workloads"
        className="mt-6"
        actions={
          mayEditWorkloads ? (
            <Link href={`/apps/${app.id}/workloads/new`} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
              New workload
            </Link>
          ) : null
        }
      >
        {workloads.length === 0 ? (
          <EmptyState title="No workloads yet">
            A workload is one Score file: its containers, ports and the resources it needs. It deploys unchanged to every environment.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {workloads.map((w) => (
              <li key={w.id} className="flex items-center justify-between py-2">
                <Link href={`/apps/${app.id}/workloads/${w.id}`} className="font-medium text-brand-600 hover:underline">
                  {w.id}
                </Link>
                <span className="flex items-center gap-2 text-xs text-zinc-500">
                  v{w.latestVersion} {w.valid ? <Badge tone="green">valid</Badge> : <Badge tone="amber">draft</Badge>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <AppSettings
        appId={app.id}
        name={app.name}
        mayRename={can(actor, { action: "app.update", appId })}
        mayDelete={can(actor, { action: "app.delete", appId, envTypes: envTypesInUse })}
      />
    </>
  );
}
