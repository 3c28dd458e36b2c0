"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput, inputClass } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createResourceTypeAction, deleteResourceTypeAction } from "../actions";

const SCHEMA_HINT = "type: object\nproperties:\n  url: {type: string}";

export function CreateResourceTypeForm({ orgId }: { orgId: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldError } = useAction(createResourceTypeAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Add custom type</Button>;
  return (
    <form
      aria-label="Add custom resource type"
      className="w-full max-w-2xl space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const s = (k: string) => String(f.get(k) ?? "");
        run(
          { type: s("type"), name: s("name"), use: s("use"), inputsSchemaYaml: s("inputs"), outputsValuesSchemaYaml: s("values"), outputsSecretsSchemaYaml: s("secrets") },
          () => setOpen(false),
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Type" error={fieldError("type")}>
          <TextInput name="type" required defaultValue={`${orgId}/`} className="font-mono" />
        </Field>
        <Field label="Name" error={fieldError("name")}>
          <TextInput name="name" required />
        </Field>
        <Field label="Use">
          <Select name="use" defaultValue="direct">
            <option>direct</option>
            <option>indirect</option>
            <option>implicit</option>
          </Select>
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        {[
          ["inputs", "Inputs schema (YAML)", "inputs_schema"],
          ["values", "Value outputs schema", "outputs_schema.values"],
          ["secrets", "Secret outputs schema", "outputs_schema.secrets"],
        ].map(([name, label, field]) => (
          <Field key={name} label={label} error={fieldError(field)}>
            <textarea name={name} className={`${inputClass} h-24 font-mono text-xs`} placeholder={SCHEMA_HINT} />
          </Field>
        ))}
      </div>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Add type
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function DeleteResourceTypeButton({ type }: { type: string }) {
  const { run, pending, error } = useAction(deleteResourceTypeAction);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-600" role="alert">{error}</span> : null}
      <Button variant="ghost" disabled={pending} onClick={() => run({ type })} aria-label={`Delete resource type ${type}`}>
        Delete
      </Button>
    </span>
  );
}
