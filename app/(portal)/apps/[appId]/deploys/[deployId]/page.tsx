import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { describeNode, withValuesNodes } from "@/components/graph/model";
import { ResourceGraph } from "@/components/graph/resource-graph";
import { Card, PageHeader } from "@/components/ui/card";
import { duration, formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { getDeployment, getDeploymentDetail, listDeploymentErrors, listDeploymentEvents } from "@/lib/server/data/deployments";
import { scoreValuesResources } from "@/lib/server/data/values-resources";
import { canonicalObjects } from "@/lib/server/deploy/diff";
import { getRuntime } from "@/lib/server/runtime";
import { LiveStatus } from "./live-status";
import { RedeployForm } from "./redeploy-form";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Params = { params: Promise<{ appId: string; deployId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Deployment ${(await params).deployId}` };
}

export default async function DeploymentPage({ params }: Params) {
  const { appId, deployId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const dep = app && (await getDeployment(db, actor.orgId, appId, deployId));
  if (!app || !dep) notFound();
  const env = await getEnvironment(db, actor.orgId, appId, dep.envId);
  const detail = (await getDeploymentDetail(db, actor.orgId, appId, deployId))!;
  const errors = await listDeploymentErrors(db, deployId);
  const graph = detail.graph ? withValuesNodes(detail.graph, await scoreValuesResources(db, actor.orgId, appId, dep.workloadVersions)) : null;
  const targets = app.envs.filter((e) => can(actor, { action: "env.deploy", appId, envType: e.type }));
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }, { href: `/apps/${app.id}/envs/${dep.envId}`, label: env?.name ?? dep.envId }]} />
      <PageHeader
        title={<span className="font-mono">Deployment {dep.id}</span>}
        description={`${dep.createdBy} · ${formatTime(dep.createdAt)} · ${duration(dep.createdAt, dep.finishedAt)}${dep.comment ? ` · “${dep.comment}”` : ""}`}
        actions={
          dep.fromId ? (
            <Link href={`/apps/${app.id}/diff?from=deploy:${dep.fromId}&to=deploy:${dep.id}`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Diff with previous
            </Link>
          ) : null
        }
      />
      <div className="space-y-6">
        <Card title="Progress">
          <LiveStatus appId={app.id} deployId={dep.id} initialStatus={dep.status} initialEvents={(await listDeploymentEvents(db, dep.id))} />
        </Card>
        {errors.length > 0 ? (
          <Card title="Errors">
            <ul className="space-y-1 text-sm" data-testid="deploy-errors">
              {errors.map((e, i) => (
                <li key={i}>
                  <span className="font-mono text-xs text-red-600">{e.code}</span> <span className="text-xs text-zinc-500">{e.scope}</span>{" "}
                  {e.objectId ? <span className="font-mono text-xs">{e.objectId}</span> : null} — {e.message}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {graph ? (
          <Card title="Resource graph">
            <ResourceGraph graph={graph} />
            <table className="mt-4 w-full text-sm" data-testid="deploy-graph">
              <thead className="text-left text-xs uppercase text-zinc-500">
                <tr>
                  <th className="pb-2 font-medium">Resource</th>
                  <th className="pb-2 font-medium">Type</th>
                  <th className="pb-2 font-medium">Definition</th>
                  <th className="pb-2 font-medium">What it is</th>
                  <th className="pb-2 font-medium">Depends on</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {graph.nodes.map((n) => (
                  <tr key={n.key}>
                    <td className="py-1.5 font-mono text-xs">{n.res_id}</td>
                    <td className="py-1.5 font-mono text-xs">
                      {n.type}
                      {n.class !== "default" ? `.${n.class}` : ""}
                    </td>
                    <td className="py-1.5 font-mono text-xs">{n.def_id ?? "—"}</td>
                    <td className="py-1.5 text-xs" title={describeNode(n).long}>
                      {describeNode(n).short}
                    </td>
                    <td className="py-1.5 font-mono text-[11px] text-zinc-500">{n.depends_on.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        ) : null}
        {detail.objects.length > 0 ? (
          <Card title={`Rendered objects (${detail.objects.length})`}>
            <pre className="max-h-[32rem] overflow-auto rounded-md bg-zinc-50 p-3 text-xs dark:bg-zinc-950" data-testid="deploy-objects">
              {canonicalObjects(detail.objects)}
            </pre>
          </Card>
        ) : null}
        {targets.length > 0 ? (
          <Card title="Redeploy">
            <RedeployForm appId={app.id} deployId={dep.id} envIds={targets.map((e) => e.id)} defaultEnv={dep.envId} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
