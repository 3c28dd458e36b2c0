import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { listArtefactSummaries } from "@/lib/server/artefacts/catalogue";
import { requireActor } from "@/lib/server/auth/session";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Artefacts" };

/** Every artefact CI registered (images and workloads), with its newest version and how widely it runs. */
export default async function ArtefactsPage() {
  const actor = await requireActor();
  const { db } = await getRuntime();
  const artefacts = await listArtefactSummaries(db, actor);
  return (
    <>
      <PageHeader title="Artefacts" description="Container images and workload artefacts registered by CI, and where their versions run now." />
      {artefacts.length === 0 ? (
        <EmptyState title="No artefacts yet">
          CI registers each image it builds: <code className="font-mono">baton create artefact-version --name registry/app --version 1.2.3 --ref refs/heads/main</code>, or
          <code className="font-mono"> POST /orgs/&#123;orgId&#125;/artefact-versions</code>.
        </EmptyState>
      ) : (
        <Card>
          <table className="w-full text-sm" data-testid="artefacts">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Name</th>
                <th className="pb-2 font-medium">Type</th>
                <th className="pb-2 font-medium">Latest version</th>
                <th className="pb-2 font-medium">Versions</th>
                <th className="pb-2 font-medium">Running in</th>
                <th className="pb-2 font-medium">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {artefacts.map((a) => (
                <tr key={a.id}>
                  <td className="py-1.5">
                    <Link href={`/artefacts/${a.id}`} className="font-mono text-brand-600 hover:underline">
                      {a.name}
                    </Link>
                  </td>
                  <td className="py-1.5 text-zinc-500">{a.type}</td>
                  <td className="py-1.5 font-mono text-xs">
                    {a.latest ? (
                      <>
                        {a.latest.version} {a.latest.ref ? <span className="text-zinc-500">({a.latest.ref})</span> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-1.5">{a.versionCount}</td>
                  <td className="py-1.5">{a.deployedIn === 0 ? <span className="text-zinc-500">nowhere</span> : `${a.deployedIn} environment${a.deployedIn === 1 ? "" : "s"}`}</td>
                  <td className="py-1.5 text-xs text-zinc-500">{formatTime(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
