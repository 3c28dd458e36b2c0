"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createApplicationAction } from "./actions";

export function CreateAppForm() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldError } = useAction(createApplicationAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Create application</Button>;
  return (
    <form
      aria-label="Create application"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const name = String(f.get("name") ?? "").trim();
        run({ id: String(f.get("id") ?? ""), name: name || undefined }, (app) => router.push(`/apps/${(app as { id: string }).id}`));
      }}
    >
      <Field label="Application id" error={fieldError("id")} hint="3–50 characters: lowercase letters, digits, dashes">
        <TextInput name="id" required placeholder="shop" autoFocus />
      </Field>
      <Field label="Name" error={fieldError("name")} hint="Optional; defaults to the id">
        <TextInput name="name" placeholder="Shop" />
      </Field>
      {error && !fieldError("id") && !fieldError("name") ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
