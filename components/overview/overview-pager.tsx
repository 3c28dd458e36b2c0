import Link from "next/link";
import type { OverviewData } from "@/lib/server/data/overview";
import { overviewHref } from "./format";

/** Server-side pagination: plain links carrying the filters. */
export function OverviewPager({ data }: { data: OverviewData }) {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const { q, envType, status, owner, pageSize } = data.query;
  const base = { q, envType, status, owner, pageSize };
  const link = "rounded-md border border-zinc-300 px-2.5 py-1 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
  const first = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm text-zinc-500">
      <span data-testid="overview-range">
        {first}–{Math.min(data.total, data.page * data.pageSize)} of {data.total} application{data.total === 1 ? "" : "s"}
      </span>
      <span className="flex items-center gap-2">
        {data.page > 1 ? (
          <Link prefetch={false} className={link} href={overviewHref(base, { page: data.page - 1 })}>
            Previous
          </Link>
        ) : null}
        <span>
          Page {data.page} of {pages}
        </span>
        {data.page < pages ? (
          <Link prefetch={false} className={link} href={overviewHref(base, { page: data.page + 1 })}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
