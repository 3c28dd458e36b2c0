"use client";

import Link from "next/link";
import type { OverviewCell, OverviewData } from "@/lib/server/data/overview";
import { ago, who } from "./format";

const DOT: Record<string, string> = {
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  pending: "bg-amber-400 animate-pulse",
  "in progress": "bg-brand-500 animate-pulse",
};

function label(c: OverviewCell): string {
  if (!c.status) return "not deployed";
  return c.status === "pending" || c.status === "in progress" ? "deploying" : c.status;
}

function Cell({ appId, c, now }: { appId: string; c: OverviewCell; now: number }) {
  const state = label(c);
  const title = c.status
    ? `${c.id} (${c.type}): ${state}, ${c.at?.slice(0, 16).replace("T", " ")} UTC by ${c.by}${c.outdated ? ` — outdated: ${c.outdated.replace("+", " and ")} changed since` : ""}`
    : `${c.id} (${c.type}): not deployed yet`;
  return (
    <Link
      prefetch={false}
      href={`/apps/${appId}/envs/${c.id}`}
      title={title}
      data-testid={`cell-${appId}-${c.id}`}
      data-status={state}
      className={`block rounded border px-2 py-1 hover:border-brand-500 ${c.status === "failed" ? "border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950/30" : "border-zinc-200 dark:border-zinc-700"}`}
    >
      <span className="flex items-center gap-1.5 font-medium">
        <i className={`size-2 shrink-0 rounded-full ${DOT[c.status ?? ""] ?? "bg-zinc-300"}`} />
        {c.id}
        {c.outdated ? <b className="rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-800">outdated</b> : null}
      </span>
      <span className="block text-[11px] text-zinc-500">{c.status ? `${state} · ${ago(c.at, now)} · ${who(c.by)}` : state}</span>
    </Link>
  );
}

/** The apps × environments grid; columns are environment types, each cell links to its environment. */
export function OverviewGrid({ data, now }: { data: OverviewData; now: string }) {
  const t = Date.parse(now);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-xs" aria-label="Applications by environment type" data-testid="overview-grid">
        <thead className="bg-zinc-50 text-left uppercase text-zinc-500 dark:bg-zinc-800/50">
          <tr>
            <th className="px-3 py-2 font-medium">Application</th>
            {data.envTypes.map((type) => (
              <th key={type} className="px-3 py-2 font-medium">
                {type}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.rows.map((row) => (
            <tr key={row.id} data-testid={`row-${row.id}`} className="align-top">
              <td className="px-3 py-2">
                <Link prefetch={false} href={`/apps/${row.id}`} className="text-sm font-medium hover:underline">
                  {row.name}
                </Link>
                {row.name !== row.id ? <span className="block font-mono text-[11px] text-zinc-500">{row.id}</span> : null}
              </td>
              {data.envTypes.map((type) => (
                <td key={type} className="space-y-1 px-3 py-2">
                  {row.envs.map((c) => (c.type === type ? <Cell key={c.id} appId={row.id} c={c} now={t} /> : null))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
