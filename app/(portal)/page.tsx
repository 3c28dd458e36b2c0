import type { Metadata } from "next";
import Link from "next/link";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listEnvTypes } from "@/lib/server/data/apps";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Overview" };

/** Every application × environment the user may see, columns grouped by environment type. */
export default async function OverviewPage() {
  const actor = await requireActor();
  const db = getRuntime().db;
  const apps = visibleApplications(db, actor);
  const envTypes = listEnvTypes(db, actor.orgId);
  return (
    <>
      <PageHeader title="Overview" description="Every application and environment at a glance." />
      {apps.length === 0 ? (
        <EmptyState
          title="No applications to show"
          action={
            can(actor, { action: "app.create" }) ? (
              <Link href="/apps" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
                Create an application
              </Link>
            ) : undefined
          }
        >
          {can(actor, { action: "app.create" })
            ? "Start by creating an application; it gets a development environment to deploy a Score file into."
            : "You have no role on any application yet. Ask an administrator to add you to one."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" aria-label="Applications by environment type">
            <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500 dark:bg-zinc-800/50">
              <tr>
                <th className="px-4 py-2 font-medium">Application</th>
                {envTypes.map((t) => (
                  <th key={t.id} className="px-4 py-2 font-medium">
                    {t.id}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {apps.map((app) => (
                <tr key={app.id}>
                  <td className="px-4 py-2">
                    <Link href={`/apps/${app.id}`} className="font-medium hover:underline">
                      {app.name}
                    </Link>
                  </td>
                  {envTypes.map((t) => (
                    <td key={t.id} className="px-4 py-2">
                      <div className="flex flex-wrap gap-1">
                        {app.envs
                          .filter((e) => e.type === t.id)
                          .map((e) => (
                            <Link key={e.id} href={`/apps/${app.id}/envs/${e.id}`} title={e.lastDeployId ? "Deployed" : "Not deployed yet"}>
                              <Badge tone={e.lastDeployId ? "green" : "zinc"}>{e.id}</Badge>
                            </Link>
                          ))}
                      </div>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
