import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { StatusBadge, formatTime } from "@/components/ui/status-badge";
import { loadArtefactCatalogue } from "@/lib/server/artefacts/catalogue";
import { requireActor } from "@/lib/server/auth/session";
import { getRuntime } from "@/lib/server/runtime";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ artefactId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { artefactId } = await params;
  return { title: `Artefact ${artefactId}` };
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** An artefact's versions, newest first, each with where it runs now (in the applications the reader sees). */
export default async function ArtefactPage({ params, searchParams }: Props) {
  const { artefactId } = await params;
  const archived = (await searchParams).archived === "true";
  const actor = await requireActor();
  const { db } = await getRuntime();
  const catalogue = await loadArtefactCatalogue(db, actor, artefactId, { archived });
  if (!catalogue) notFound();
  const { artefact, versions } = catalogue;
  return (
    <>
      <Breadcrumb trail={[{ href: "/artefacts", label: "Artefacts" }]} />
      <PageHeader
        title={<span className="font-mono">{artefact.name}</span>}
        description={`${artefact.type} artefact · registered ${formatTime(artefact.createdAt)}`}
        actions={
          <Link href={archived ? `/artefacts/${artefact.id}` : `/artefacts/${artefact.id}?archived=true`} className="text-sm text-brand-600 hover:underline">
            {archived ? "Show current versions" : "Show archived versions"}
          </Link>
        }
      />
      <Card title={archived ? "Archived versions" : "Versions"}>
        {versions.length === 0 ? (
          <p className="text-sm text-zinc-500">{archived ? "No archived versions." : "No versions."}</p>
        ) : (
          <table className="w-full text-sm" data-testid="artefact-versions">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Version</th>
                <th className="pb-2 font-medium">Ref</th>
                <th className="pb-2 font-medium">Commit</th>
                <th className="pb-2 font-medium">Digest</th>
                <th className="pb-2 font-medium">Registered</th>
                <th className="pb-2 font-medium">Running in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {versions.map((v) => (
                <tr key={v.id} data-testid={`artefact-version-${v.id}`}>
                  <td className="py-1.5 font-mono text-xs">
                    {v.version || "—"} {v.archived ? <Badge>archived</Badge> : null}
                  </td>
                  <td className="py-1.5 font-mono text-xs">{v.ref || "—"}</td>
                  <td className="py-1.5 font-mono text-xs" title={v.commit}>
                    {v.commit ? short(v.commit, 10) : "—"}
                  </td>
                  <td className="py-1.5 font-mono text-xs" title={v.digest}>
                    {v.digest ? short(v.digest, 19) : "—"}
                  </td>
                  <td className="py-1.5 text-xs text-zinc-500">
                    {formatTime(v.createdAt)} by {v.registeredBy}
                  </td>
                  <td className="py-1.5">
                    {v.deployedIn.length === 0 ? (
                      <span className="text-xs text-zinc-500">nowhere</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {v.deployedIn.map((p) => (
                          <li key={`${p.appId}/${p.envId}`} className="flex flex-wrap items-center gap-2 text-xs">
                            <Link href={`/apps/${p.appId}/envs/${p.envId}`} className="font-mono text-brand-600 hover:underline">
                              {p.appId}/{p.envId}
                            </Link>
                            <StatusBadge status={p.status} />
                            <span className="text-zinc-500">{p.workloads.join(", ")}</span>
                          </li>
                        ))}
                      </ul>
                    )}
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
