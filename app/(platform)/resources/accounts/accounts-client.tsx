"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput, inputClass } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { AccountType, CREDENTIAL_FIELDS } from "@/lib/server/cloud-accounts/credentials";
import { checkCloudAccountAction, createCloudAccountAction, deleteCloudAccountAction, updateCloudAccountAction } from "../actions";

type Fields = typeof CREDENTIAL_FIELDS;

/** Credential inputs of a type; kubernetes may instead take a pasted kubeconfig. */
function CredentialInputs({ type, fields, fieldError }: { type: AccountType; fields: Fields; fieldError: (n: string) => string | undefined }) {
  const [useKubeconfig, setUseKubeconfig] = useState(false);
  return (
    <div className="space-y-3">
      {type === "kubernetes" ? (
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="useKubeconfig" checked={useKubeconfig} onChange={(e) => setUseKubeconfig(e.target.checked)} />
          Paste a kubeconfig instead
        </label>
      ) : null}
      {useKubeconfig ? (
        <Field label="kubeconfig" error={fieldError("credentials.kubeconfig") ?? fieldError("kubeconfig")}>
          <textarea name="kubeconfig" className={`${inputClass} h-40 font-mono text-xs`} autoComplete="off" spellCheck={false} />
        </Field>
      ) : (
        fields[type].map((f) => (
          <Field key={f.name} label={`${f.label}${f.optional ? " (optional)" : ""}`} error={fieldError(`credentials.${f.name}`)}>
            {f.multiline ? (
              <textarea name={`cred.${f.name}`} className={`${inputClass} h-20 font-mono text-xs`} autoComplete="off" spellCheck={false} />
            ) : (
              <TextInput name={`cred.${f.name}`} autoComplete="off" type={/secret|password/i.test(f.name) ? "password" : "text"} />
            )}
          </Field>
        ))
      )}
    </div>
  );
}

function credentialsFrom(form: FormData): Record<string, string> {
  if (form.get("useKubeconfig")) return { kubeconfig: String(form.get("kubeconfig") ?? "") };
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k.startsWith("cred.") && String(v).trim()) out[k.slice(5)] = String(v);
  return out;
}

export function CreateAccountForm({ fields }: { fields: Fields }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<AccountType>("kubernetes");
  const { run, pending, error, fieldError } = useAction(createCloudAccountAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Add cloud account</Button>;
  return (
    <form
      aria-label="Add cloud account"
      className="w-full max-w-xl space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        run({ id: String(f.get("id") ?? ""), name: String(f.get("name") ?? ""), type, credentials: credentialsFrom(f) }, () => setOpen(false));
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Id" error={fieldError("id")}>
          <TextInput name="id" required />
        </Field>
        <Field label="Name" error={fieldError("name")}>
          <TextInput name="name" required />
        </Field>
        <Field label="Type">
          <Select value={type} onChange={(e) => setType(e.target.value as AccountType)} aria-label="Account type">
            {Object.keys(fields).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </Field>
      </div>
      <CredentialInputs key={type} type={type} fields={fields} fieldError={fieldError} />
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Add account
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function AccountRowActions({ id, type, inUse, fields }: { id: string; type: string; inUse: boolean; fields: Fields }) {
  const [replacing, setReplacing] = useState(false);
  const [check, setCheck] = useState<string>();
  const [checking, startCheck] = useTransition();
  const update = useAction(updateCloudAccountAction);
  const del = useAction(deleteCloudAccountAction);
  return (
    <div className="space-y-2 text-left">
      <div className="flex flex-wrap justify-end gap-1">
        {type === "kubernetes" ? (
          <Button
            variant="secondary"
            disabled={checking}
            onClick={() =>
              startCheck(async () => {
                const r = await checkCloudAccountAction({ id });
                setCheck(!r.ok ? r.error : r.data.ok ? `Reachable: Kubernetes ${r.data.version}` : `Check failed: ${r.data.message}`);
              })
            }
          >
            {checking ? "Checking…" : "Check"}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={() => setReplacing(!replacing)}>
          Replace credentials
        </Button>
        <Button variant="ghost" disabled={del.pending || inUse} title={inUse ? "In use: change the definitions' driver_account first" : undefined} onClick={() => del.run({ id })} aria-label={`Delete account ${id}`}>
          Delete
        </Button>
      </div>
      {check ? <p role="status" className="text-xs" data-testid={`check-${id}`}>{check}</p> : null}
      {del.error ? <p role="alert" className="text-xs text-red-600">{del.error}</p> : null}
      {replacing ? (
        <form
          aria-label={`Replace credentials of ${id}`}
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            update.run({ id, credentials: credentialsFrom(new FormData(e.currentTarget)) }, () => setReplacing(false));
          }}
        >
          <CredentialInputs type={type as AccountType} fields={fields} fieldError={update.fieldError} />
          {update.error ? <p role="alert" className="text-xs text-red-600">{update.error}</p> : null}
          <Button type="submit" disabled={update.pending}>
            Save new credentials
          </Button>
        </form>
      ) : null}
    </div>
  );
}
