import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listAudit } from "@/lib/server/data/audit";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const actor = await requireActor();
  if (!can(actor, { action: "audit.view" })) notFound();
  const entries = await listAudit((await getRuntime()).db, actor.orgId, { limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it and when (newest first, last 200)." />
      <Card>
        {entries.length === 0 ? (
          <EmptyState title="No changes recorded yet">Changes to applications, environments, users and definitions appear here.</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">When</th>
                <th className="pb-2 font-medium">Who</th>
                <th className="pb-2 font-medium">Action</th>
                <th className="pb-2 font-medium">Target</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="py-1.5 font-mono text-xs">{e.at.slice(0, 19).replace("T", " ")}</td>
                  <td className="py-1.5">{e.actorEmail}</td>
                  <td className="py-1.5 font-mono text-xs">{e.action}</td>
                  <td className="py-1.5 font-mono text-xs">{e.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
