import { diffLines } from "diff";

/** A line diff of two texts, computed on the server, shown unified with added/removed lines marked. */
export function TextDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffLines(before, after);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <figure aria-label={label} className="overflow-x-auto rounded-md border border-zinc-200 font-mono text-xs dark:border-zinc-800">
      {!changed ? <p className="p-3 text-zinc-500">No differences.</p> : null}
      {parts.flatMap((part, i) =>
        part.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, j) => (
            <div
              key={`${i}-${j}`}
              data-diff={part.added ? "added" : part.removed ? "removed" : "same"}
              className={
                part.added
                  ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
                  : part.removed
                    ? "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200"
                    : "text-zinc-600 dark:text-zinc-400"
              }
            >
              <span className="inline-block w-5 select-none pl-1">{part.added ? "+" : part.removed ? "-" : " "}</span>
              <span className="whitespace-pre">{line}</span>
            </div>
          )),
      )}
    </figure>
  );
}
