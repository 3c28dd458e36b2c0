"use client";

import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createWebhookAction, deleteWebhookAction, updateWebhookAction } from "./actions";

/** URL, the events that trigger the hook, and the secret that signs its deliveries (write-only). */
export function CreateWebhookForm({ appId, triggers }: { appId: string; triggers: { scope: string; type: string }[] }) {
  const { run, pending, error, fieldError } = useAction(createWebhookAction);
  return (
    <form
      aria-label="Create webhook"
      className="flex flex-col gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const secret = String(f.get("secret") ?? "");
        const id = String(f.get("id") ?? "").trim();
        run(
          {
            appId,
            ...(id ? { id } : {}),
            url: String(f.get("url") ?? ""),
            triggers: triggers.filter((t) => f.get(`${t.scope}.${t.type}`) === "on"),
            ...(secret ? { secret } : {}),
          },
          () => form.reset(),
        );
      }}
    >
      <div className="flex flex-wrap gap-3">
        <Field label="Id (optional)" error={fieldError("id")}>
          <TextInput name="id" aria-label="Id" placeholder="notify-chat" />
        </Field>
        <Field label="URL" error={fieldError("url")} hint="A public https address">
          <TextInput name="url" aria-label="URL" required placeholder="https://hooks.example.com/baton" className="w-96" />
        </Field>
        <Field label="Secret" error={fieldError("secret")} hint="Signs each delivery (X-Baton-Signature); never shown again">
          <TextInput name="secret" aria-label="Secret" type="password" autoComplete="new-password" minLength={16} />
        </Field>
      </div>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-zinc-500">Triggers</legend>
        {triggers.map((t) => (
          <label key={`${t.scope}.${t.type}`} className="flex items-center gap-1">
            <input type="checkbox" name={`${t.scope}.${t.type}`} defaultChecked={t.scope === "deployment"} />
            {t.scope} {t.type}
          </label>
        ))}
      </fieldset>
      {fieldError("triggers") ? <p className="text-red-600">{fieldError("triggers")}</p> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create webhook"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Disable / enable and delete. */
export function WebhookControls({ appId, id, disabled }: { appId: string; id: string; disabled: boolean }) {
  const update = useAction(updateWebhookAction);
  const remove = useAction(deleteWebhookAction);
  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" disabled={update.pending} onClick={() => update.run({ appId, id, disabled: !disabled })}>
        {disabled ? "Enable" : "Disable"}
      </Button>
      <Button
        variant="danger"
        disabled={remove.pending}
        onClick={() => {
          if (window.confirm(`Delete webhook ${id} and its delivery log?`)) remove.run({ appId, id });
        }}
      >
        Delete
      </Button>
      {update.error || remove.error ? (
        <span role="alert" className="text-sm text-red-600">
          {update.error ?? remove.error}
        </span>
      ) : null}
    </div>
  );
}
