"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { deployAction } from "../../envs/actions";

/** Redeploy (roll back to) this deployment's set, with its pinned values or the current ones. */
export function RedeployForm({ appId, deployId, envIds, defaultEnv }: { appId: string; deployId: string; envIds: string[]; defaultEnv: string }) {
  const router = useRouter();
  const { run, pending, error } = useAction(deployAction);
  return (
    <form
      aria-label="Redeploy"
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        run(
          { appId, envId: String(f.get("env")), fromDeployId: deployId, values: String(f.get("values")), comment: `Redeploy of ${deployId}` },
          (r) => router.push(`/apps/${appId}/deploys/${(r as { id: string }).id}`),
        );
      }}
    >
      <label className="space-y-1">
        <span className="block font-medium">Into environment</span>
        <Select name="env" defaultValue={defaultEnv}>
          {envIds.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </Select>
      </label>
      <label className="space-y-1">
        <span className="block font-medium">Shared values</span>
        <Select name="values" defaultValue="pinned">
          <option value="pinned">as pinned by this deployment</option>
          <option value="current">current values</option>
        </Select>
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? "Queuing…" : "Redeploy this deployment"}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}
