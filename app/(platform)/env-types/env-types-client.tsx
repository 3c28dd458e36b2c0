"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createEnvTypeAction, deleteEnvTypeAction } from "../actions";

export function CreateEnvTypeForm() {
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldError } = useAction(createEnvTypeAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Create environment type</Button>;
  return (
    <form
      aria-label="Create environment type"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        run({ id: String(f.get("id") ?? ""), description: String(f.get("description") ?? "") }, () => setOpen(false));
      }}
    >
      <Field label="Id" error={fieldError("id")}>
        <TextInput name="id" required placeholder="qa" autoFocus />
      </Field>
      <Field label="Description" error={fieldError("description")}>
        <TextInput name="description" />
      </Field>
      {error && !fieldError("id") ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
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

export function DeleteEnvTypeButton({ id }: { id: string }) {
  const { run, pending, error } = useAction(deleteEnvTypeAction);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button variant="ghost" disabled={pending} onClick={() => run({ id })} aria-label={`Delete environment type ${id}`}>
        Delete
      </Button>
    </span>
  );
}
