import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listRules, recentTriggers, type TriggerStatus } from "@/lib/server/automation/data";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { getRuntime } from "@/lib/server/runtime";
import { NewRuleForm, RuleControls } from "./rules-client";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Params = { params: Promise<{ appId: string; envId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { appId, envId } = await params;
  return { title: `${appId} / ${envId} / automation rules` };
}

const TONE: Record<TriggerStatus, "zinc" | "green" | "red" | "amber" | "blue"> = { queued: "zinc", running: "blue", deployed: "green", pipeline: "green", skipped: "amber", failed: "red" };

/** An environment's automation rules: what each deploys when CI registers an image, and what its recent triggers did. */
export default async function AutomationRulesPage({ params }: Params) {
  const { appId, envId } = await params;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  const env = await getEnvironment(db, actor.orgId, appId, envId);
  if (!app || !env) notFound();
  const rules = await listRules(db, actor.orgId, appId, envId);
  const triggers = await recentTriggers(db, actor.orgId, rules.map((r) => r.id));
  const mayManage = can(actor, { action: "env.deploy", appId, envType: env.type });

  return (
    <>
      <Breadcrumb trail={[{ href: "/apps", label: "Applications" }, { href: `/apps/${app.id}`, label: app.name }, { href: `/apps/${app.id}/envs/${env.id}`, label: env.name }]} />
      <PageHeader
        title="Automation rules"
        description={
          <>
            When CI registers a new version of a matching image, its containers in <span className="font-mono">{env.id}</span> are updated and deployed, on behalf of the rule&apos;s creator
            while they may deploy to <Badge tone="blue">{env.type}</Badge>.
          </>
        }
      />
      <div className="space-y-6">
        {rules.length === 0 ? (
          <EmptyState title="No automation rules">Nothing is deployed here automatically.</EmptyState>
        ) : (
          rules.map((rule) => (
            <Card
              key={rule.id}
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs">{rule.id}</span>
                  {rule.active ? <Badge tone="green">active</Badge> : <Badge tone="amber">paused</Badge>}
                </span>
              }
              actions={mayManage ? <RuleControls appId={app.id} envId={env.id} ruleId={rule.id} active={rule.active} /> : undefined}
            >
              <dl className="mb-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="rule">
                <dt className="text-zinc-500">Images</dt>
                <dd className="font-mono text-xs">
                  {rule.artefactsFilter.length === 0 ? "every image" : `${rule.excludeArtefactsFilter ? "all except " : ""}${rule.artefactsFilter.join(", ")}`}
                </dd>
                <dt className="text-zinc-500">match_ref</dt>
                <dd className="font-mono text-xs">{rule.matchRef || "(every ref)"}</dd>
                <dt className="text-zinc-500">Type</dt>
                <dd className="text-xs">
                  {rule.type} to {rule.updateTo}
                </dd>
                <dt className="text-zinc-500">Created</dt>
                <dd className="text-xs">{formatTime(rule.createdAt)}</dd>
              </dl>
              {(triggers.get(rule.id) ?? []).length === 0 ? (
                <p className="text-xs text-zinc-500">Not triggered yet.</p>
              ) : (
                <table className="w-full text-sm" data-testid="triggers">
                  <thead className="text-left text-xs uppercase text-zinc-500">
                    <tr>
                      <th className="pb-2 font-medium">When</th>
                      <th className="pb-2 font-medium">Image</th>
                      <th className="pb-2 font-medium">Ref</th>
                      <th className="pb-2 font-medium">Outcome</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                    {(triggers.get(rule.id) ?? []).map((t) => (
                      <tr key={t.id}>
                        <td className="py-2 text-xs">{formatTime(t.createdAt)}</td>
                        <td className="py-2 font-mono text-xs">{t.image}</td>
                        <td className="py-2 font-mono text-xs">{t.ref}</td>
                        <td className="py-2 text-xs">
                          <Badge tone={TONE[t.status]}>{t.status}</Badge>{" "}
                          {t.deploymentId ? (
                            <Link className="font-mono text-brand-600 hover:underline" href={`/apps/${app.id}/deploys/${t.deploymentId}`}>
                              {t.deploymentId}
                            </Link>
                          ) : null}{" "}
                          <span className="text-zinc-600 dark:text-zinc-300">{t.message}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          ))
        )}
        {mayManage ? (
          <Card title="New rule">
            <NewRuleForm appId={app.id} envId={env.id} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
