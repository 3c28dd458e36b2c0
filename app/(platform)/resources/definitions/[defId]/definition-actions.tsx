"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import type { BlastRadiusReport } from "@/lib/server/data/blast-radius";
import type { ActiveResourceUse } from "@/lib/server/data/resource-usages";
import { BlastRadiusView } from "../../blast-radius-view";
import { deleteDefinitionAction, previewDeleteAction, restoreDefinitionVersionAction } from "../../actions";

export function RestoreButton({ id, versionId, label }: { id: string; versionId: string; label: string }) {
  const { run, pending, error } = useAction(restoreDefinitionVersionAction);
  return (
    <span className="inline-flex items-center gap-1">
      {error ? <span className="text-xs text-red-600" role="alert">{error}</span> : null}
      <Button type="button" variant="ghost" disabled={pending} aria-label={`Restore ${label}`} onClick={() => run({ id, versionId })}>
        Restore
      </Button>
    </span>
  );
}

/** Shows what deleting changes (and which active resources block it) before deleting. */
export function DeletePanel({ id }: { id: string }) {
  const router = useRouter();
  const [impact, setImpact] = useState<{ report: BlastRadiusReport; activeResources: ActiveResourceUse[] }>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function check() {
    startTransition(async () => {
      const r = await previewDeleteAction({ id });
      if (r.ok) setImpact(r.data);
      else setError(r.error);
    });
  }
  function remove(force: boolean) {
    startTransition(async () => {
      const r = await deleteDefinitionAction({ id, force });
      if (!r.ok) return setError(r.error);
      router.push("/resources/definitions");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3 text-sm">
      {!impact ? (
        <Button type="button" variant="secondary" onClick={check} disabled={pending}>
          Check what deleting changes
        </Button>
      ) : (
        <>
          <BlastRadiusView report={impact.report} />
          {impact.activeResources.length > 0 ? (
            <div className="rounded-md border border-amber-200 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40" data-testid="in-use">
              <p className="font-medium">In use by {impact.activeResources.length} active resource(s):</p>
              <ul className="mt-1 list-disc pl-5 font-mono text-xs">
                {impact.activeResources.map((u) => (
                  <li key={`${u.appId}/${u.envId}/${u.type}/${u.class}/${u.resId}`}>
                    {u.appId}/{u.envId} {u.resId} ({u.type})
                  </li>
                ))}
              </ul>
              <p className="mt-2">Deleting is refused while they exist. Force-deleting marks the definition deleted; their next deployment re-matches them.</p>
              <Button type="button" variant="danger" className="mt-2" disabled={pending} onClick={() => remove(true)}>
                Force delete
              </Button>
            </div>
          ) : (
            <Button type="button" variant="danger" disabled={pending} onClick={() => remove(false)}>
              Delete definition
            </Button>
          )}
        </>
      )}
      {error ? <p role="alert" className="text-red-600">{error}</p> : null}
    </div>
  );
}
