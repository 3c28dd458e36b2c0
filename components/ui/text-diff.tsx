import { diffLines } from "diff";

type Kind = "added" | "removed" | "same";
type Row = { kind: Kind; line: string } | { kind: "folded"; count: number };

const ROW_CLASS: Record<Kind, string> = {
  added: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200",
  removed: "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200",
  same: "text-zinc-600 dark:text-zinc-400",
};

/** The diff as lines; with `context`, unchanged runs keep that many lines next to a change. */
export function diffRows(before: string, after: string, context?: number): Row[] {
  const rows: { kind: Kind; line: string }[] = diffLines(before, after).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => ({ kind: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const), line })),
  );
  if (context === undefined) return rows;
  const nearChange = rows.map((_, i) => rows.slice(Math.max(0, i - context), i + context + 1).some((r) => r.kind !== "same"));
  const out: Row[] = [];
  rows.forEach((row, i) => {
    if (row.kind !== "same" || nearChange[i]) out.push(row);
    else {
      const last = out.at(-1);
      if (last?.kind === "folded") last.count += 1;
      else out.push({ kind: "folded", count: 1 });
    }
  });
  return out;
}

/**
 * A line diff of two texts, computed on the server, shown unified with added/removed lines
 * marked. With `context`, long unchanged stretches fold into one "N unchanged lines" row.
 */
export function TextDiff({ before, after, label, context }: { before: string; after: string; label: string; context?: number }) {
  const rows = diffRows(before, after, context);
  const changed = rows.some((r) => r.kind === "added" || r.kind === "removed");
  return (
    <figure aria-label={label} className="overflow-x-auto rounded-md border border-zinc-200 font-mono text-xs dark:border-zinc-800">
      {!changed ? <p className="p-3 text-zinc-500">No differences.</p> : null}
      {rows.map((row, i) =>
        row.kind === "folded" ? (
          <div key={i} data-diff="folded" className="bg-zinc-50 py-0.5 pl-6 text-zinc-400 italic dark:bg-zinc-900">
            ⋯ {row.count} unchanged line{row.count === 1 ? "" : "s"}
          </div>
        ) : (
          <div key={i} data-diff={row.kind} className={ROW_CLASS[row.kind]}>
            <span className="inline-block w-5 select-none pl-1">{row.kind === "added" ? "+" : row.kind === "removed" ? "-" : " "}</span>
            <span className="whitespace-pre">{row.line}</span>
          </div>
        ),
      )}
    </figure>
  );
}
