import Link from "next/link";
import type { OverviewData } from "@/lib/server/data/overview";
import { overviewHref } from "./format";

/** "2 failed · 1 deploying · …": each count filters the grid to it. */
export function OverviewCounts({ data }: { data: OverviewData }) {
  const { q, envType, owner, pageSize } = data.query;
  const items = [
    ["failed", data.counts.failed, "text-red-600"],
    ["deploying", data.counts.deploying, "text-brand-600"],
    ["succeeded", data.counts.succeeded, "text-emerald-600"],
    ["never", data.counts.never, "text-zinc-500"],
  ] as const;
  return (
    <p className="flex flex-wrap gap-3 text-sm" data-testid="overview-counts">
      {items.map(([status, n, tone]) => (
        <Link key={status} prefetch={false} href={overviewHref({ q, envType, owner, pageSize }, { status })} className="hover:underline">
          <span className={`font-semibold ${tone}`}>{n}</span> {status === "never" ? "never deployed" : status}
        </Link>
      ))}
      <span className="text-zinc-400">environments{envType ? ` of type ${envType}` : ""}</span>
    </p>
  );
}
