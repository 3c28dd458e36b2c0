"use client";

import type { ChangeEvent } from "react";
import Form from "next/form";
import Link from "next/link";
import type { OverviewQuery } from "@/lib/server/data/overview";

const STATUSES = [
  ["", "Any status"],
  ["failed", "Failed"],
  ["deploying", "Deploying"],
  ["outdated", "Outdated"],
  ["succeeded", "Succeeded"],
  ["never", "Never deployed"],
] as const;

const control = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/**
 * Filters as a GET form: the URL is the state, so a filtered overview can be bookmarked and
 * shared, and the server does the filtering. Selects apply on change.
 */
export function OverviewFilters({ query, envTypes, me }: { query: OverviewQuery; envTypes: string[]; me: string }) {
  const submit = (e: ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  return (
    <Form action="/" aria-label="Filter the overview" className="mb-4 flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-xs text-zinc-500">
        Search
        <input name="q" type="search" defaultValue={query.q ?? ""} placeholder="Application id or name" className={`${control} w-56`} />
      </label>
      <label className="flex flex-col text-xs text-zinc-500">
        Environment type
        <select name="envType" defaultValue={query.envType ?? ""} onChange={submit} className={control}>
          <option value="">All types</option>
          {envTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-zinc-500">
        Status
        <select name="status" defaultValue={query.status ?? ""} onChange={submit} className={control}>
          {STATUSES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-zinc-500">
        Owner (deployed by or app owner)
        <input name="owner" type="email" defaultValue={query.owner ?? ""} placeholder={me} className={`${control} w-56`} />
      </label>
      <label className="flex flex-col text-xs text-zinc-500">
        Per page
        <select name="pageSize" defaultValue={String(query.pageSize)} onChange={submit} className={control}>
          {[25, 50].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      <Link href="/" className="px-2 py-1.5 text-sm text-zinc-500 hover:underline">
        Clear
      </Link>
    </Form>
  );
}
