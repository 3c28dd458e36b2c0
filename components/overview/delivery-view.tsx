import Link from "next/link";
import type { DeliveryMetrics, Period } from "@/lib/server/data/delivery-metrics";
import { PERIODS } from "@/lib/server/data/delivery-metrics";
import { DeliveryCharts } from "./delivery-charts";
import { humanDuration, percent, perDay } from "./delivery-format";

function Tile({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid={testId}>
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="mt-1 text-xl font-semibold">{value}</div>
      <div className="mt-0.5 text-[11px] text-zinc-500">{detail}</div>
    </div>
  );
}

/** The four figures for one scope, as tiles. */
export function DeliveryTiles({ m }: { m: DeliveryMetrics }) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Tile testId="figure-frequency" label="Deployment frequency" value={perDay(m.deploymentsPerDay)} detail={`${m.deployments.succeeded} successful of ${m.deployments.finished} finished`} />
      <Tile testId="figure-failure-rate" label="Change failure rate" value={percent(m.changeFailureRate)} detail={`${m.deployments.failed} failed deployment(s)`} />
      <Tile testId="figure-lead-time" label="Lead time (median)" value={humanDuration(m.leadTime.medianSeconds)} detail={`${m.leadTime.changes} change(s) · p90 ${humanDuration(m.leadTime.p90Seconds)}`} />
      <Tile
        testId="figure-restore"
        label="Time to restore (median)"
        value={humanDuration(m.timeToRestore.medianSeconds)}
        detail={`${m.timeToRestore.incidents} incident(s), ${m.timeToRestore.open} still failing`}
      />
    </div>
  );
}

/** Period and environment-type choices as links (the URL holds the state). */
export function DeliveryChooser({ base, period, envType, envTypes, allowAll }: { base: string; period: Period; envType: string; envTypes: string[]; allowAll: boolean }) {
  const href = (p: Period, t: string) => `${base}?period=${p}${t ? `&envType=${encodeURIComponent(t)}` : ""}`;
  const pill = (active: boolean) =>
    `rounded-md px-2.5 py-1 text-sm ${active ? "bg-brand-600 text-white" : "border border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"}`;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-4">
      <nav aria-label="Period" className="flex gap-1">
        {(Object.keys(PERIODS) as Period[]).map((p) => (
          <Link key={p} href={href(p, envType)} className={pill(p === period)} aria-current={p === period ? "page" : undefined}>
            Last {PERIODS[p]} days
          </Link>
        ))}
      </nav>
      <nav aria-label="Environment type" className="flex gap-1">
        {allowAll ? (
          <Link href={href(period, "")} className={pill(envType === "")} aria-current={envType === "" ? "page" : undefined}>
            All types
          </Link>
        ) : null}
        {envTypes.map((t) => (
          <Link key={t} href={href(period, t)} className={pill(t === envType)} aria-current={t === envType ? "page" : undefined}>
            {t}
          </Link>
        ))}
      </nav>
    </div>
  );
}

/** The figures side by side for every environment type. */
export function DeliveryByTypeTable({ rows, base, period }: { rows: { envType: string; metrics: DeliveryMetrics }[]; base: string; period: Period }) {
  return (
    <table className="w-full text-sm" data-testid="delivery-by-type">
      <thead className="text-left text-xs uppercase text-zinc-500">
        <tr>
          <th className="pb-2 font-medium">Environment type</th>
          <th className="pb-2 font-medium">Deployments</th>
          <th className="pb-2 font-medium">Frequency</th>
          <th className="pb-2 font-medium">Change failure rate</th>
          <th className="pb-2 font-medium">Lead time (median)</th>
          <th className="pb-2 font-medium">Time to restore (median)</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rows.map(({ envType, metrics: m }) => (
          <tr key={envType} data-testid={`delivery-type-${envType}`}>
            <td className="py-1.5">
              <Link className="text-brand-600 hover:underline" href={`${base}?period=${period}&envType=${encodeURIComponent(envType)}`}>
                {envType}
              </Link>
            </td>
            <td className="py-1.5">
              {m.deployments.finished} ({m.deployments.failed} failed)
            </td>
            <td className="py-1.5">{perDay(m.deploymentsPerDay)}</td>
            <td className="py-1.5">{percent(m.changeFailureRate)}</td>
            <td className="py-1.5">{humanDuration(m.leadTime.medianSeconds)}</td>
            <td className="py-1.5">
              {humanDuration(m.timeToRestore.medianSeconds)}
              {m.timeToRestore.open ? <span className="text-red-600"> · {m.timeToRestore.open} failing</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { DeliveryCharts };
