import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import type { OverviewData } from "@/lib/server/data/overview";
import { gridRows } from "./format";
import { OverviewCounts } from "./overview-counts";
import { OverviewFilters } from "./overview-filters";
import { OverviewGrid } from "./overview-grid";
import { OverviewPager } from "./overview-pager";

/** Filters, counts, the grid and its pages (no data access: the page loads `data`). */
export function OverviewBody({ actor, data, now }: { actor: Actor; data: OverviewData; now: string }) {
  const filtered = Boolean(data.query.q || data.query.envType || data.query.status || data.query.owner);
  return (
    <>
      <OverviewFilters query={data.query} envTypes={data.allEnvTypes} me={actor.email} />
      <OverviewCounts data={data} />
      <div className="mt-3">
        {data.rows.length > 0 ? (
          <>
            <OverviewGrid envTypes={data.envTypes} rows={gridRows(data.envTypes, data.rows)} now={now} />
            <OverviewPager data={data} />
          </>
        ) : filtered ? (
          <EmptyState title="No environment matches these filters" action={<Link href="/" className="text-sm text-brand-600 hover:underline">Clear the filters</Link>} />
        ) : (
          <EmptyState
            title="No applications to show"
            action={
              can(actor, { action: "app.create" }) ? (
                <Link href="/apps" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
                  Create an application
                </Link>
              ) : undefined
            }
          >
            {can(actor, { action: "app.create" })
              ? "Start by creating an application; it gets a development environment to deploy a Score file into."
              : "You have no role on any application yet. Ask an administrator to add you to one."}
          </EmptyState>
        )}
      </div>
    </>
  );
}
