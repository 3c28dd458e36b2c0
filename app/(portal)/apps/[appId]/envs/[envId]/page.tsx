import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { withValuesNodes } from "@/components/graph/model";
import { ResourceGraph } from "@/components/graph/resource-graph";
import { RuntimeSection } from "@/components/runtime/runtime-section";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { StatusBadge, duration, formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { currentSetOf, listDeployments } from "@/lib/server/data/deployments";
import { latestEnvironmentGraph } from "@/lib/server/data/environment-graph";
import { environmentStatus } from "@/lib/server/data/env-status";
import { listSharedValues } from "@/lib/server/data/values";
import { scoreValuesResources } from "@/lib/server/data/values-resources";
import { listWorkloads } from "@/lib/server/data/workloads";
import { listActiveResources } from "@/lib/server/deploy/active-resources";
import { containersAwaitingImage, imagesInSet } from "@/lib/server/deploy/build-set";
import { getRuntime } from "@/lib/server/runtime";
import { restartWorkloadAction, runtimeLogAction, runtimeViewAction, scaleWorkloadAction, setPausedAction } from "./actions";
import { DeployDialog } from "./deploy-dialog";
import { ValuesEditor } from "../../values/values-editor";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Params = { params: Promise<{ appId: string; envId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { appId, envId } = await params;
  return { title: `${appId} / ${envId}` };
}

export default async function EnvironmentPage({ params }: Params) {
  const { appId, envId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const env = await getEnvironment(db, actor.orgId, appId, envId);
  if (!app || !env) notFound();
  const status = await environmentStatus(db, actor.orgId, appId, env);
  const deploys = await listDeployments(db, actor.orgId, appId, envId, { limit: 50 });
  const resources = await listActiveResources(db, actor.orgId, appId, envId);
  const values = await listSharedValues(db, actor.orgId, appId, envId);
  const mayDeploy = can(actor, { action: "env.deploy", appId, envType: env.type });
  const mayEditValues = can(actor, { action: "values.edit", appId });
  const workloads = await listWorkloads(db, actor.orgId, appId);
  const images = imagesInSet((await currentSetOf(db, actor.orgId, appId, env))?.set);
  const deployableWorkloads = await Promise.all(
    workloads.map(async (w) => ({
      id: w.id,
      latestVersion: w.latestVersion,
      valid: w.valid,
      image: images[w.id] ?? "",
      awaitingImage: await containersAwaitingImage(db, actor.orgId, appId, w.id, w.latestVersion),
    })),
  );
  const others = app.envs.filter((e) => e.id !== envId && e.lastDeployId);
  const picture = await latestEnvironmentGraph(db, actor.orgId, appId, envId);

  return (
    <>
      <Breadcrumb trail={[{ href: "/apps", label: "Applications" }, { href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader
        title={env.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{env.id}</span> <Badge tone="blue">{env.type}</Badge>
            {status.lastDeployment ? <StatusBadge status={status.lastDeployment.status} /> : <Badge>not deployed</Badge>}
            {status.valuesOutdated ? (
              <span data-testid="outdated">
                <Badge tone="amber">outdated: values changed since the last deployment</Badge>
              </span>
            ) : null}
          </span>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/apps/${app.id}/envs/${env.id}/rules`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Automation rules
            </Link>
            {others.length > 0 && env.lastDeployId ? (
              <Link href={`/apps/${app.id}/diff?from=env:${others[0].id}&to=env:${env.id}`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
                Compare with {others[0].id}
              </Link>
            ) : null}
            {mayDeploy ? (
              <DeployDialog
                appId={app.id}
                envId={env.id}
                workloads={deployableWorkloads}
              />
            ) : null}
          </div>
        }
      />
      <div className="space-y-6">
        {env.lastDeployId ? (
          <Card title="Runtime">
            <RuntimeSection
              env={{ appId: app.id, envId: env.id }}
              mayChange={mayDeploy}
              actions={{ read: runtimeViewAction, log: runtimeLogAction, scale: scaleWorkloadAction, restart: restartWorkloadAction, setPaused: setPausedAction }}
            />
          </Card>
        ) : null}
        <Card title="Deployments">
          {deploys.length === 0 ? (
            <EmptyState title="Nothing deployed here yet">
              {workloads.length === 0 ? (
                <>
                  Add a workload to{" "}
                  <Link className="text-brand-600 hover:underline" href={`/apps/${app.id}/workloads/new`}>
                    this application
                  </Link>
                  , then deploy it here.
                </>
              ) : (
                "Click Deploy to deploy the application's workloads to this environment."
              )}
            </EmptyState>
          ) : (
            <table className="w-full text-sm" data-testid="deployments">
              <thead className="text-left text-xs uppercase text-zinc-500">
                <tr>
                  <th className="pb-2 font-medium">Deployment</th>
                  <th className="pb-2 font-medium">Status</th>
                  <th className="pb-2 font-medium">Who</th>
                  <th className="pb-2 font-medium">When</th>
                  <th className="pb-2 font-medium">Duration</th>
                  <th className="pb-2 font-medium">Comment</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {deploys.map((d) => (
                  <tr key={d.id}>
                    <td className="py-2">
                      <Link className="font-mono text-brand-600 hover:underline" href={`/apps/${app.id}/deploys/${d.id}`}>
                        {d.id}
                      </Link>
                    </td>
                    <td className="py-2">
                      <StatusBadge status={d.status} />
                    </td>
                    <td className="py-2 text-xs">{d.createdBy}</td>
                    <td className="py-2 text-xs">{formatTime(d.createdAt)}</td>
                    <td className="py-2 text-xs">{duration(d.createdAt, d.finishedAt)}</td>
                    <td className="py-2 text-xs text-zinc-600 dark:text-zinc-300">{d.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {picture ? (
          <Card title={`Resource graph (deployment ${picture.deploymentId}, ${picture.status})`}>
            <ResourceGraph graph={withValuesNodes(picture.graph, await scoreValuesResources(db, actor.orgId, appId, picture.workloadVersions))} />
          </Card>
        ) : null}
        <Card title="Active resources">
          {resources.length === 0 ? (
            <p className="text-sm text-zinc-500">Resources appear here once a deployment has provisioned them.</p>
          ) : (
            <table className="w-full text-sm" data-testid="active-resources">
              <thead className="text-left text-xs uppercase text-zinc-500">
                <tr>
                  <th className="pb-2 font-medium">Resource</th>
                  <th className="pb-2 font-medium">Type</th>
                  <th className="pb-2 font-medium">Definition</th>
                  <th className="pb-2 font-medium">Value outputs</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {resources.map((r) => (
                  <tr key={`${r.type}/${r.class}/${r.resId}`}>
                    <td className="py-2 font-mono text-xs">{r.resId}</td>
                    <td className="py-2 font-mono text-xs">
                      {r.type}
                      {r.class !== "default" ? `.${r.class}` : ""}
                    </td>
                    <td className="py-2 font-mono text-xs">{r.defId}</td>
                    <td className="max-w-md truncate py-2 font-mono text-[11px] text-zinc-500" title={JSON.stringify(r.valueOutputs)}>
                      {Object.entries(r.valueOutputs)
                        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
                        .join("  ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card
          title="Shared values and secrets"
          actions={
            <Link href={`/apps/${app.id}/values?env=${env.id}`} className="text-xs text-brand-600 hover:underline">
              Versions of these values
            </Link>
          }
        >
          <p className="mb-3 text-xs text-zinc-500">
            Application values apply to every environment; an override here applies to {env.id} only. Changes take effect on the next deployment.
          </p>
          <ValuesEditor appId={app.id} envId={env.id} values={values} editable={mayEditValues} />
        </Card>
      </div>
    </>
  );
}
