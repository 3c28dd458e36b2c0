"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { deleteValueAction, setValueAction } from "../envs/actions";

interface ValueRow {
  key: string;
  value: string;
  isSecret: boolean;
  description: string;
  source: "app" | "env";
}

/** Shared values at app level (envId "") or merged with one environment's overrides. Secrets are write-only. */
export function ValuesEditor({ appId, envId, values, editable }: { appId: string; envId: string; values: ValueRow[]; editable: boolean }) {
  const set = useAction(setValueAction);
  const remove = useAction(deleteValueAction);
  const [editing, setEditing] = useState<string>();
  const scopeLabel = envId ? `override in ${envId}` : "application value";
  return (
    <div className="space-y-3">
      {values.length === 0 ? <p className="text-sm text-zinc-500">No shared values yet.</p> : null}
      {values.length > 0 ? (
        <table className="w-full text-sm" data-testid={`values-${envId || "app"}`}>
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="pb-2 font-medium">Key</th>
              <th className="pb-2 font-medium">Value</th>
              <th className="pb-2 font-medium">Source</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {values.map((v) => (
              <tr key={v.key} data-testid={`value-${v.key}`}>
                <td className="py-1.5 font-mono text-xs">{v.key}</td>
                <td className="py-1.5 font-mono text-xs">
                  {editing === v.key ? (
                    <form
                      className="flex gap-1"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const value = String(new FormData(e.currentTarget).get("value") ?? "");
                        set.run({ appId, envId, key: v.key, value, isSecret: v.isSecret }, () => setEditing(undefined));
                      }}
                    >
                      <TextInput name="value" aria-label={`New value for ${v.key}`} type={v.isSecret ? "password" : "text"} defaultValue={v.isSecret ? "" : v.value} autoFocus />
                      <Button type="submit" variant="secondary">
                        Save
                      </Button>
                    </form>
                  ) : v.isSecret ? (
                    <Badge>secret (write-only)</Badge>
                  ) : (
                    v.value
                  )}
                </td>
                <td className="py-1.5 text-xs">{v.source === "env" ? <Badge tone="blue">{envId} override</Badge> : <Badge>application</Badge>}</td>
                <td className="py-1.5 text-right">
                  {editable ? (
                    <span className="inline-flex gap-1">
                      <Button variant="ghost" onClick={() => setEditing(editing === v.key ? undefined : v.key)} aria-label={`${envId && v.source === "app" ? "Override" : "Edit"} ${v.key}`}>
                        {envId && v.source === "app" ? "Override" : "Edit"}
                      </Button>
                      {(!envId || v.source === "env") && (
                        <Button variant="ghost" onClick={() => remove.run({ appId, envId, key: v.key })} aria-label={`Delete ${v.key}`}>
                          Delete
                        </Button>
                      )}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editable ? (
        <form
          aria-label={`Add ${scopeLabel}`}
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const form = e.currentTarget;
            set.run({ appId, envId, key: String(f.get("key") ?? ""), value: String(f.get("value") ?? ""), isSecret: f.get("secret") === "on" }, () => form.reset());
          }}
        >
          <TextInput name="key" aria-label="Key" placeholder="KEY" className="max-w-[180px] font-mono" />
          <TextInput name="value" aria-label="Value" placeholder="value" className="max-w-xs" />
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="secret" /> secret
          </label>
          <Button type="submit" variant="secondary" disabled={set.pending}>
            {envId ? "Add override" : "Add value"}
          </Button>
        </form>
      ) : null}
      {set.error || remove.error ? (
        <p role="alert" className="text-sm text-red-600">
          {set.error ?? remove.error}
        </p>
      ) : null}
    </div>
  );
}
