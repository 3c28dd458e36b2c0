import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TextDiffEditor } from "@/components/diff-editor/diff-editor";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { getDeployment, getDeploymentDetail, getSet } from "@/lib/server/data/deployments";
import { canonicalObjects, canonicalYaml, objectChanges, setChanges } from "@/lib/server/deploy/diff";
import { resourceDifferences, type ResourceDifference } from "@/lib/server/deploy/resource-diff";
import type { Db } from "@/db/client";
import { getRuntime } from "@/lib/server/runtime";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Diff" };

type Side = { label: string; deployId: string } | { label: string; error: string };

const matched = (side: ResourceDifference["from"]) => (side ? `${side.defId ?? "no definition"}${side.class !== "default" ? ` (class ${side.class})` : ""}` : "");

/** One resource: what matched it on each side, and which value outputs differ. */
function ResourceDifferenceRow({ d }: { d: ResourceDifference }) {
  return (
    <li data-testid={`resource-diff-${d.resId}`}>
      <span className="font-mono text-xs font-medium">{d.resId}</span> <span className="font-mono text-xs text-zinc-500">{d.type}</span>{" "}
      {d.change === "added" ? (
        <span>only on the right, from {matched(d.to)}</span>
      ) : d.change === "removed" ? (
        <span>only on the left, from {matched(d.from)}</span>
      ) : matched(d.from) !== matched(d.to) ? (
        <span>
          from <span className="font-mono">{matched(d.from)}</span> → <span className="font-mono font-semibold">{matched(d.to)}</span>
        </span>
      ) : (
        <span>same definition ({matched(d.to)})</span>
      )}
      {d.values.length > 0 ? <span className="text-zinc-500"> · values differ: {d.values.join(", ")}</span> : null}
    </li>
  );
}

/** `deploy:<id>` or `env:<envId>` (that environment's current deployment). */
async function resolveSide(db: Db, orgId: string, appId: string, spec: string | undefined, envs: { id: string; lastDeployId: string | null }[]): Promise<Side | undefined> {
  if (!spec) return undefined;
  const [kind, id] = spec.split(":", 2);
  if (kind === "env") {
    const env = envs.find((e) => e.id === id);
    if (!env) return { label: spec, error: `environment "${id}" does not exist` };
    if (!env.lastDeployId) return { label: spec, error: `environment "${id}" has not been deployed` };
    return { label: `${id} (current: ${env.lastDeployId})`, deployId: env.lastDeployId };
  }
  if (kind === "deploy" && id && (await getDeployment(db, orgId, appId, id))) return { label: `deployment ${id}`, deployId: id };
  return { label: spec, error: `"${spec}" is neither env:<id> nor deploy:<id> of this application` };
}

export default async function DiffPage({ params, searchParams }: { params: Promise<{ appId: string }>; searchParams: Promise<{ from?: string; to?: string }> }) {
  const { appId } = await params;
  const { from, to } = await searchParams;
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const a = await resolveSide(db, actor.orgId, appId, from, app.envs);
  const b = await resolveSide(db, actor.orgId, appId, to, app.envs);
  const ready = a && b && "deployId" in a && "deployId" in b ? { a, b } : undefined;
  const load = async (id: string) => {
    const dep = (await getDeployment(db, actor.orgId, appId, id))!;
    const detail = await getDeploymentDetail(db, actor.orgId, appId, id);
    return { set: (await getSet(db, dep.setId)), objects: detail?.objects ?? [], graph: detail?.graph ?? null };
  };
  const left = ready && (await load(ready.a.deployId));
  const right = ready && (await load(ready.b.deployId));
  const sets = left && right ? setChanges(left.set, right.set) : undefined;
  const objects = left && right ? objectChanges(left.objects, right.objects) : undefined;
  const resources = left && right ? resourceDifferences(left.graph, right.graph) : undefined;
  const envOptions = app.envs.filter((e) => e.lastDeployId).map((e) => `env:${e.id}`);

  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader title="Compare deployments" description="Deployment sets and rendered Kubernetes objects, compared structurally (key order ignored)." />
      <form className="mb-6 flex flex-wrap items-end gap-3 text-sm" method="get">
        <label className="space-y-1">
          <span className="block font-medium">From</span>
          <input name="from" list="diff-sides" defaultValue={from} className="rounded-md border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-900" placeholder="env:development" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">To</span>
          <input name="to" list="diff-sides" defaultValue={to} className="rounded-md border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-900" placeholder="env:staging" />
        </label>
        <datalist id="diff-sides">
          {envOptions.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <button className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Compare</button>
      </form>
      {[a, b].map((s) => (s && "error" in s ? <p key={s.label} role="alert" className="mb-3 text-sm text-red-600">{s.error}</p> : null))}
      {!ready ? (
        <EmptyState title="Choose two sides">Pick two environments (env:&lt;id&gt;) or deployments (deploy:&lt;id&gt;) to compare.</EmptyState>
      ) : (
        <div className="space-y-6">
          <Card title="Resources that differ">
            <p className="mb-2 text-xs text-zinc-500">
              The same Score file gets, in each environment, what that environment&apos;s matching criteria say: the definition (or class) that matched each
              resource, and the values it provides.
            </p>
            {resources!.length === 0 ? (
              <p className="text-sm text-zinc-500" data-testid="resource-diff">
                Every resource matched the same definition and class, with the same values.
              </p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="resource-diff">
                {resources!.map((d) => (
                  <ResourceDifferenceRow key={`${d.type}#${d.resId}`} d={d} />
                ))}
              </ul>
            )}
          </Card>
          <Card title={`${ready.a.label} → ${ready.b.label}`}>
            <div className="grid gap-4 text-sm md:grid-cols-3" data-testid="set-diff">
              {(["workloads", "shared"] as const).map((k) => (
                <div key={k}>
                  <div className="text-xs font-semibold uppercase text-zinc-500">{k === "workloads" ? "Workloads" : "Shared resources"}</div>
                  <ul className="font-mono text-xs">
                    {sets![k].added.map((x) => <li key={`a${x}`} className="text-emerald-600">+ {x}</li>)}
                    {sets![k].removed.map((x) => <li key={`r${x}`} className="text-red-600">- {x}</li>)}
                    {sets![k].changed.map((x) => <li key={`c${x}`} className="text-amber-600">~ {x}</li>)}
                    {sets![k].added.length + sets![k].removed.length + sets![k].changed.length === 0 ? <li className="text-zinc-500">no change</li> : null}
                  </ul>
                </div>
              ))}
              <div>
                <div className="text-xs font-semibold uppercase text-zinc-500">Kubernetes objects</div>
                <ul className="font-mono text-xs" data-testid="object-diff">
                  {objects!.map((c) => (
                    <li key={c.key} className={c.change === "added" ? "text-emerald-600" : c.change === "removed" ? "text-red-600" : "text-amber-600"}>
                      {c.change === "added" ? "+" : c.change === "removed" ? "-" : "~"} {c.key}
                    </li>
                  ))}
                  {objects!.length === 0 ? <li className="text-zinc-500">identical</li> : null}
                </ul>
              </div>
            </div>
          </Card>
          <Card title="Deployment sets">
            <TextDiffEditor original={canonicalYaml(left!.set ?? {})} modified={canonicalYaml(right!.set ?? {})} originalLabel={ready.a.label} modifiedLabel={ready.b.label} height={360} />
          </Card>
          <Card title="Rendered objects">
            <TextDiffEditor original={canonicalObjects(left!.objects)} modified={canonicalObjects(right!.objects)} originalLabel={ready.a.label} modifiedLabel={ready.b.label} />
          </Card>
        </div>
      )}
    </>
  );
}
