"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createApiTokenAction, revokeApiTokenAction } from "../../actions";

/** Creates a token for oneself, or (`userId`, administrators) for that service user. */
export function CreateTokenForm({ userId }: { userId?: string } = {}) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string>();
  const { run, pending, error, fieldError } = useAction(createApiTokenAction);
  if (created) {
    return (
      <div className="w-full max-w-xl space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950">
        <p className="font-medium">Copy this token now — it will not be shown again.</p>
        <code data-testid="new-token" className="block break-all rounded bg-white p-2 font-mono text-xs dark:bg-zinc-900">
          {created}
        </code>
        <Button variant="secondary" onClick={() => setCreated(undefined)}>
          Done
        </Button>
      </div>
    );
  }
  if (!open) return <Button onClick={() => setOpen(true)}>Create token</Button>;
  return (
    <form
      aria-label="Create token"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const days = String(f.get("expires") ?? "");
        run({ description: String(f.get("description") ?? ""), expiresInDays: days ? Number(days) : undefined, userId }, (r) => {
          setOpen(false);
          setCreated((r as { token: string }).token);
        });
      }}
    >
      <Field label="Description" error={fieldError("description")}>
        <TextInput name="description" required placeholder="GitHub Actions deploy" />
      </Field>
      <Field label="Expires in (days)" error={fieldError("expiresInDays")} hint="Leave empty for no expiry">
        <TextInput name="expires" type="number" min={1} max={3650} defaultValue={90} />
      </Field>
      {error && !fieldError("description") ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Create
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ id, userId }: { id: string; userId?: string }) {
  const { run, pending } = useAction(revokeApiTokenAction);
  return (
    <Button variant="ghost" disabled={pending} onClick={() => run({ id, userId })}>
      Revoke
    </Button>
  );
}
