import type { Metadata } from "next";
import Link from "next/link";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getRuntime } from "@/lib/server/runtime";
import { CreateAppForm } from "./create-app-form";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  const actor = await requireActor();
  const apps = await visibleApplications((await getRuntime()).db, actor);
  const mayCreate = can(actor, { action: "app.create" });
  return (
    <>
      <PageHeader
        title="Applications"
        description="Each application has environments; its workloads deploy into one namespace per environment."
        actions={mayCreate ? <CreateAppForm /> : null}
      />
      {apps.length === 0 ? (
        <EmptyState title="No applications yet">
          {mayCreate
            ? "Create your first application: it gets a development environment, ready for a Score file."
            : "You have no role on any application yet. Ask an administrator or manager to add you to one."}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {apps.map((app) => (
            <li key={app.id}>
              <Link href={`/apps/${app.id}`} className="flex items-center justify-between px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                <div>
                  <div className="font-medium">{app.name}</div>
                  <div className="font-mono text-xs text-zinc-500">{app.id}</div>
                </div>
                <div className="flex flex-wrap gap-1">
                  {app.envs.map((e) => (
                    <Badge key={e.id}>{e.id}</Badge>
                  ))}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
