import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/server/auth/session";
import { listDefinitionSummaries } from "@/lib/server/data/resources";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Resource definitions" };

function criterionText(c: { class: string; envType: string | null; appId: string | null; envId: string | null; resId: string | null }) {
  const parts = [
    c.class !== "default" ? `class=${c.class}` : null,
    c.envType ? `env_type=${c.envType}` : null,
    c.appId ? `app_id=${c.appId}` : null,
    c.envId ? `env_id=${c.envId}` : null,
    c.resId ? `res_id=${c.resId}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : "everything (default class)";
}

export default async function DefinitionsPage() {
  const actor = await requireActor();
  const defs = listDefinitionSummaries(getRuntime().db, actor.orgId);
  return (
    <>
      <PageHeader
        title="Resource definitions"
        description="How each resource type is provisioned, and — through matching criteria — for which applications and environments."
      />
      <Card>
        {defs.length === 0 ? (
          <EmptyState title="No resource definitions yet">
            Environments without a matching definition use Baton&apos;s built-in defaults. Administrators add definitions to decide
            what each environment gets, for example the in-cluster Postgres in development.
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
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
                <tr key={d.id}>
                  <td className="py-2">
                    <div className="font-medium">{d.name}</div>
                    <div className="font-mono text-xs text-zinc-500">{d.id}</div>
                  </td>
                  <td className="py-2 font-mono">{d.type}</td>
                  <td className="py-2 font-mono text-xs">{d.driverType}</td>
                  <td className="py-2 text-xs">
                    {d.criteria.length === 0 ? <Badge tone="amber">never matched (no criteria)</Badge> : d.criteria.map(criterionText).join(" · ")}
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
