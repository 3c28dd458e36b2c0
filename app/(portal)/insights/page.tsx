import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DeliveryByTypeTable, DeliveryCharts, DeliveryChooser, DeliveryTiles } from "@/components/overview/delivery-view";
import { seesAllApplications } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { deliveryByEnvType, deliveryMetrics, parsePeriod, periodRange } from "@/lib/server/data/delivery-metrics";
import { listEnvTypes } from "@/lib/server/data/apps";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Delivery figures" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Delivery figures across the organisation, by environment type. */
export default async function InsightsPage({ searchParams }: Props) {
  const actor = await requireActor();
  const { db } = await getRuntime();
  const params = await searchParams;
  const period = parsePeriod(params.period);
  const envTypes = (await listEnvTypes(db, actor.orgId)).map((t) => t.id);
  const requested = typeof params.envType === "string" ? params.envType : undefined;
  const envType = requested && envTypes.includes(requested) ? requested : envTypes.includes("production") ? "production" : (envTypes[0] ?? "");
  const header = <PageHeader title="Delivery figures" description="Deployment frequency, change failure rate, lead time and time to restore, computed from the recorded deployments." />;

  if (!seesAllApplications(actor)) {
    // Organisation-wide figures include applications a member cannot see: offer theirs instead.
    const apps = await visibleApplications(db, actor);
    return (
      <>
        {header}
        <EmptyState title="Organisation-wide figures are for managers and viewers of the whole organisation">
          {apps.length ? (
            <span>
              See your applications:{" "}
              {apps.map((a, i) => (
                <span key={a.id}>
                  {i ? ", " : ""}
                  <Link className="text-brand-600 hover:underline" href={`/apps/${a.id}/insights`}>
                    {a.name}
                  </Link>
                </span>
              ))}
            </span>
          ) : (
            "You have no role on any application yet."
          )}
        </EmptyState>
      </>
    );
  }

  const range = periodRange(period);
  const byType = await deliveryByEnvType(db, actor.orgId, envTypes, range);
  const selected = byType.find((t) => t.envType === envType)?.metrics ?? (await deliveryMetrics(db, { orgId: actor.orgId, envType }, range));
  return (
    <>
      {header}
      <DeliveryChooser base="/insights" period={period} envType={envType} envTypes={envTypes} allowAll={false} />
      <div className="space-y-6">
        <Card title={`All applications · ${envType}`}>
          <DeliveryTiles m={selected} />
          <div className="mt-6">
            <DeliveryCharts series={selected.series} bucket={range.bucket} />
          </div>
        </Card>
        <Card title="By environment type">
          <DeliveryByTypeTable rows={byType} base="/insights" period={period} />
        </Card>
      </div>
    </>
  );
}
