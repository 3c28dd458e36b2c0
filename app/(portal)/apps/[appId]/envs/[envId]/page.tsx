import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { getRuntime } from "@/lib/server/runtime";

type Params = { params: Promise<{ appId: string; envId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { appId, envId } = await params;
  return { title: `${appId} / ${envId}` };
}

export default async function EnvironmentPage({ params }: Params) {
  const { appId, envId } = await params;
  const actor = await requireActor();
  const db = getRuntime().db;
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = getApplication(db, actor.orgId, appId);
  const env = getEnvironment(db, actor.orgId, appId, envId);
  if (!app || !env) notFound();
  return (
    <>
      <nav className="mb-2 text-sm text-zinc-500">
        <Link href="/apps" className="hover:underline">
          Applications
        </Link>{" "}
        /{" "}
        <Link href={`/apps/${app.id}`} className="hover:underline">
          {app.name}
        </Link>
      </nav>
      <PageHeader
        title={env.name}
        description={
          <>
            <span className="font-mono">{env.id}</span> · type <Badge tone="blue">{env.type}</Badge>
          </>
        }
      />
      <Card title="Deployments">
        <EmptyState title="Nothing deployed here yet">
          Deployments of this environment will be listed here with their status, author and comment.
        </EmptyState>
      </Card>
    </>
  );
}
