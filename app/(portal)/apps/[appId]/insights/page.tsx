import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { DeliveryByTypeTable, DeliveryCharts, DeliveryChooser, DeliveryTiles } from "@/components/overview/delivery-view";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication, listEnvTypes } from "@/lib/server/data/apps";
import { deliveryByEnvType, deliveryMetrics, parsePeriod, periodRange } from "@/lib/server/data/delivery-metrics";
import { getRuntime } from "@/lib/server/runtime";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ appId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).appId} · delivery figures` };
}

/** One application's delivery figures, all environment types or one. */
export default async function AppInsightsPage({ params, searchParams }: Props) {
  const { appId } = await params;
  const actor = await requireActor();
  const { db } = await getRuntime();
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const query = await searchParams;
  const period = parsePeriod(query.period);
  const envTypes = (await listEnvTypes(db, actor.orgId))
    .map((t) => t.id)
    .filter((t) => app.envs.some((e) => e.type === t));
  const envType = typeof query.envType === "string" && envTypes.includes(query.envType) ? query.envType : "";
  const range = periodRange(period);
  const metrics = await deliveryMetrics(db, { orgId: actor.orgId, appId, envType: envType || undefined }, range);
  const base = `/apps/${appId}/insights`;
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader title="Delivery figures" description={`${app.name}: computed from its recorded deployments.`} />
      <DeliveryChooser base={base} period={period} envType={envType} envTypes={envTypes} allowAll />
      <div className="space-y-6">
        <Card title={envType ? `Environments of type ${envType}` : "All environments"}>
          <DeliveryTiles m={metrics} />
          <div className="mt-6">
            <DeliveryCharts series={metrics.series} bucket={range.bucket} />
          </div>
        </Card>
        <Card title="By environment type">
          <DeliveryByTypeTable rows={(await deliveryByEnvType(db, actor.orgId, envTypes, range, appId))} base={base} period={period} />
        </Card>
      </div>
    </>
  );
}
