"use client";

import { useState, useTransition } from "react";
import { TextDiffEditor } from "@/components/diff-editor/diff-editor";
import { Button } from "@/components/ui/button";
import type { RenderedImpact } from "@/lib/server/deploy/rendered-impact";
import { renderedCriteriaImpactAction } from "../../actions";

/** Per affected environment: the rendered objects as deployed now vs. planned with the new criteria. */
export function RenderedImpactList({ defId, criteria, environments }: { defId: string; criteria: Record<string, string>[]; environments: { appId: string; envId: string }[] }) {
  const [open, setOpen] = useState<string>();
  const [result, setResult] = useState<RenderedImpact>();
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  if (environments.length === 0) return null;
  function show(appId: string, envId: string) {
    const key = `${appId}/${envId}`;
    setOpen(key);
    setResult(undefined);
    setError(undefined);
    start(async () => {
      const r = await renderedCriteriaImpactAction({ id: defId, criteria, appId, envId });
      if (r.ok) setResult(r.data);
      else setError(r.error);
    });
  }
  return (
    <div className="space-y-2 text-sm" data-testid="rendered-impact">
      <div className="text-xs font-semibold uppercase text-zinc-500">Rendered diff per affected environment</div>
      <div className="flex flex-wrap gap-2">
        {environments.map(({ appId, envId }) => (
          <Button key={`${appId}/${envId}`} variant={open === `${appId}/${envId}` ? "primary" : "secondary"} onClick={() => show(appId, envId)} disabled={pending}>
            {appId}/{envId}
          </Button>
        ))}
      </div>
      {pending ? <p className="text-zinc-500">Planning {open} with the new criteria…</p> : null}
      {error ? <p role="alert" className="text-red-600">{error}</p> : null}
      {result ? (
        result.errors.length > 0 ? (
          <ul className="list-disc pl-5 text-xs text-red-700 dark:text-red-300">
            {result.errors.map((e, i) => (
              <li key={i}>
                <span className="font-mono">{e.code}</span> {e.object_id ? <span className="font-mono">[{e.object_id}]</span> : null} {e.message}
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="font-mono text-xs">
              {result.changes.length === 0
                ? "The rendered objects would not change."
                : result.changes.map((c) => `${c.change === "added" ? "+" : c.change === "removed" ? "-" : "~"} ${c.key}`).join("  ")}
            </p>
            <TextDiffEditor original={result.before} modified={result.after} originalLabel="deployed now" modifiedLabel="with the new criteria" height={360} />
          </>
        )
      ) : null}
    </div>
  );
}
