"use client";

import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { restoreValuesAction } from "../envs/actions";

export function RestoreValuesButton({ appId, versionId, envId = "" }: { appId: string; versionId: string; envId?: string }) {
  const { run, pending, error } = useAction(restoreValuesAction);
  return (
    <span className="inline-flex items-center gap-1">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button variant="ghost" disabled={pending} onClick={() => run({ appId, envId, versionId })}>
        Restore
      </Button>
    </span>
  );
}
