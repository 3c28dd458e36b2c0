import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { isDriverAvailable } from "@/lib/engine/definitions";
import { describeCriterion, filterDefinitionsByContext } from "@/lib/engine/matching";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { loadOrgDefinitions } from "@/lib/server/data/definitions";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Resource definitions" };

type Filters = { type?: string; driver?: string; env?: string };

export default async function DefinitionsPage({ searchParams }: { searchParams: Promise<Filters> }) {
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  const filters = await searchParams;
  const all = await loadOrgDefinitions(db, actor.orgId);
  const apps = await visibleApplications(db, actor);
  const envs = apps.flatMap((a) => a.envs.map((e) => ({ key: `${a.id}/${e.id}`, appId: a.id, envId: e.id, envType: e.type })));
  const env = envs.find((e) => e.key === filters.env);
  let defs = all;
  if (filters.type) defs = defs.filter((d) => d.type === filters.type);
  if (filters.driver) defs = defs.filter((d) => d.driver_type === filters.driver);
  if (env) defs = filterDefinitionsByContext(defs, { app_id: env.appId, env_id: env.envId, env_type: env.envType });
  const mayManage = can(actor, { action: "definition.manage" });
  const types = [...new Set(all.map((d) => d.type))].sort();
  const drivers = [...new Set(all.map((d) => d.driver_type))].sort();

  return (
    <>
      <PageHeader
        title="Resource definitions"
        description="How each resource type is provisioned, and — through matching criteria — for which applications and environments."
        actions={
          <div className="flex flex-wrap gap-2 text-sm">
            <Link className="rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700" href="/resources/explain">
              Explain a match
            </Link>
            <a className="rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700" href="/resources/definitions/export" download>
              Export all (YAML)
            </a>
            {mayManage ? (
              <>
                <Link className="rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700" href="/resources/definitions/import">
                  Import YAML
                </Link>
                <Link className="rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700" href="/resources/definitions/pack">
                  Install in-cluster pack
                </Link>
                <Link className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700" href="/resources/definitions/new">
                  New definition
                </Link>
              </>
            ) : null}
          </div>
        }
      />
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter definitions">
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Type</span>
          <Select name="type" defaultValue={filters.type ?? ""}>
            <option value="">any type</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Driver</span>
          <Select name="driver" defaultValue={filters.driver ?? ""}>
            <option value="">any driver</option>
            {drivers.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Could match in</span>
          <Select name="env" defaultValue={filters.env ?? ""}>
            <option value="">any app / environment</option>
            {envs.map((e) => (
              <option key={e.key} value={e.key}>
                {e.key} ({e.envType})
              </option>
            ))}
          </Select>
        </label>
        <button className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700" type="submit">
          Filter
        </button>
      </form>
      <Card>
        {defs.length === 0 ? (
          <EmptyState title={all.length === 0 ? "No resource definitions yet" : "No definition matches the filters"}>
            {all.length === 0
              ? "Environments without a matching definition use Baton's built-in defaults. Install the in-cluster pack to give development environments databases, or import your humctl YAML."
              : null}
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="definitions">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Definition</th>
                <th className="pb-2 font-medium">Type</th>
                <th className="pb-2 font-medium">Driver</th>
                <th className="pb-2 font-medium">Matching criteria</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {defs.map((d) => (
                <tr key={d.id} data-testid={`definition-${d.id}`}>
                  <td className="py-2">
                    <Link href={`/resources/definitions/${d.id}`} className="font-medium hover:underline">
                      {d.name}
                    </Link>
                    <div className="font-mono text-xs text-zinc-500">{d.id}</div>
                  </td>
                  <td className="py-2 font-mono">{d.type}</td>
                  <td className="py-2 font-mono text-xs">
                    {d.driver_type} {isDriverAvailable(d.driver_type) ? null : <Badge tone="amber">driver not available</Badge>}
                  </td>
                  <td className="py-2 text-xs">
                    {(d.criteria ?? []).length === 0 ? <Badge tone="amber">never matched (no criteria)</Badge> : (d.criteria ?? []).map((c) => describeCriterion(c)).join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
