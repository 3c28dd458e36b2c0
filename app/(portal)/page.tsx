import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { DemoBanner } from "@/components/overview/demo-banner";
import { OverviewBody } from "@/components/overview/overview-body";
import { PendingApprovals } from "@/components/overview/pending-approvals";
import { requireActor } from "@/lib/server/auth/session";
import { loadOverview, parseOverviewQuery } from "@/lib/server/data/overview";
import { withRuntimeHealth } from "@/lib/server/deploy/environment-runtime";
import { listPendingApprovals } from "@/lib/server/pipelines/pending-approvals";
import { getRuntime } from "@/lib/server/runtime";
import { demoSeedSettled, isDemoOrg } from "@/lib/server/seed-demo";

export const metadata: Metadata = { title: "Overview" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The manager's landing page: every application × environment, grouped by environment type. */
export default async function OverviewPage({ searchParams }: Props) {
  const actor = await requireActor();
  // On the very first start the demo is still deploying; a newcomer should see it whole.
  await demoSeedSettled();
  const { db, secrets } = await getRuntime();
  const data = await withRuntimeHealth(db, secrets, actor.orgId, await loadOverview(db, actor, parseOverviewQuery(await searchParams)));
  return (
    <>
      <PageHeader
        title="Overview"
        description="Every application and environment at a glance: the last deployment, who made it, and what changed since."
        actions={
          <Link href="/insights" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Delivery figures
          </Link>
        }
      />
      {(await isDemoOrg(db, actor.orgId)) ? <DemoBanner email={actor.email} /> : null}
      <PendingApprovals approvals={await listPendingApprovals(db, actor)} />
      <OverviewBody actor={actor} data={data} now={new Date().toISOString()} />
    </>
  );
}
