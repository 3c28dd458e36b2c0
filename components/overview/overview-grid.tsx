"use client";

import Link from "next/link";
import { ago, who, type GridCell, type GridRow } from "./format";

/*
 * Hundreds of cells per page: their markup uses a few short classes defined here rather
 * than long utility lists, which keeps a page of 25 applications × 5 environments well
 * under 100 kB of HTML and data.
 */
const CSS = `
.ovg td,.ovg th{padding:.5rem .75rem;vertical-align:top;text-align:left}
.ovc{display:block;border:1px solid #e4e4e7;border-radius:.25rem;padding:.25rem .5rem;margin-bottom:.25rem;font-weight:500}
.ovc:hover{border-color:#4f6cf5}
.ovc small{display:block;font-weight:400;font-size:11px;color:#71717a}
.ovc.failed{border-color:#fca5a5;background:#fef2f2}
.ovd{display:inline-block;width:.5rem;height:.5rem;border-radius:9999px;margin-right:.375rem;background:#d4d4d8}
.succeeded .ovd{background:#10b981}.failed .ovd{background:#ef4444}
.deploying .ovd{background:#4f6cf5;animation:ovp 1s ease-in-out infinite alternate}
@keyframes ovp{to{opacity:.3}}
.ovc .ovw{color:#b91c1c;font-weight:500}.dark .ovc .ovw{color:#f87171}
.ovo{margin-left:.375rem;border-radius:.25rem;background:#fef3c7;color:#92400e;padding:0 .25rem;font-size:10px;font-weight:500}
.dark .ovc{border-color:#3f3f46}.dark .ovc.failed{border-color:#7f1d1d;background:#450a0a4d}
`;

function state(c: GridCell): string {
  if (!c.status) return "not deployed";
  if (c.status === "succeeded" && c.runtime === "unhealthy") return "deployed but unhealthy";
  if (c.status === "succeeded" && c.runtime === "paused") return "paused";
  return c.status === "pending" || c.status === "in progress" ? "deploying" : c.status;
}

function Cell({ appId, c, now }: { appId: string; c: GridCell; now: number }) {
  const s = state(c);
  return (
    <Link prefetch={false} href={`/apps/${appId}/envs/${c.id}`} className={`ovc ${s === "deployed but unhealthy" ? "failed unhealthy" : s}`} data-runtime={c.runtime}>
      <i className="ovd" />
      {c.id}
      {c.outdated ? <b className="ovo">outdated: {c.outdated.replace("+", " and ")}</b> : null}
      <small>{c.status ? `${s} · ${ago(c.at, now)} · ${who(c.by)}` : s}</small>
      {c.why ? <small className="ovw" data-testid="runtime-reason">{c.why}</small> : null}
    </Link>
  );
}

/** The apps × environments grid; columns are environment types, each cell links to its environment. */
export function OverviewGrid({ envTypes, rows, now }: { envTypes: string[]; rows: GridRow[]; now: string }) {
  const t = Date.parse(now);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <style>{CSS}</style>
      <table className="ovg w-full text-xs" aria-label="Applications by environment type" data-testid="overview-grid">
        <thead className="bg-zinc-50 uppercase text-zinc-500 dark:bg-zinc-800/50">
          <tr>
            <th>Application</th>
            {envTypes.map((type) => (
              <th key={type}>{type}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <Link prefetch={false} href={`/apps/${row.id}`} className="text-sm font-medium hover:underline">
                  {row.name ?? row.id}
                </Link>
                {row.name ? <small className="block font-mono text-zinc-500">{row.id}</small> : null}
                <Link prefetch={false} href={`/apps/${row.id}/insights`} className="text-[11px] text-zinc-500 hover:underline">
                  figures
                </Link>
              </td>
              {row.cols.map((cells, i) => (
                <td key={envTypes[i]}>
                  {cells.map((c) => (
                    <Cell key={c.id} appId={row.id} c={c} now={t} />
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
