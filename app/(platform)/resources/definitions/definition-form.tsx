"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { YamlEditor } from "@/components/yaml-editor/yaml-editor";
import { locateInYaml, splitFieldPath } from "@/components/yaml-editor/locate";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, Select, TextInput, inputClass } from "@/components/ui/field";
import { saveDefinitionAction } from "../actions";

export interface DriverOption {
  id: string;
  name: string;
  available: boolean;
  reason?: string;
  types: string[];
}

export interface DefinitionFormProps {
  mode: "create" | "update";
  initial: { id: string; name: string; type: string; driverType: string; driverAccount: string; valuesYaml: string; secretRefsYaml: string; provisionYaml: string };
  /** Which secret inputs are set — paths only, never values. */
  secretPaths: string[];
  types: string[];
  drivers: DriverOption[];
  accounts: { id: string; type: string }[];
}

const VALUES_PREFIX = ["driver_inputs", "values"];

export function DefinitionForm({ mode, initial, secretPaths, types, drivers, accounts }: DefinitionFormProps) {
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [secrets, setSecrets] = useState<{ action: "keep" | "replace" | "clear"; yaml: string }>({ action: "keep", yaml: "" });
  const [notice, setNotice] = useState<string>();
  const [warnings, setWarnings] = useState<{ path: string; message: string }[]>([]);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const driver = drivers.find((d) => d.id === form.driverType);
  const driversForType = drivers.filter((d) => d.types.includes("*") || d.types.includes(form.type) || d.id === form.driverType);

  // Errors on driver_inputs.values.* become markers in the values editor.
  const [fieldErrors, setFieldErrors] = useState<{ field: string; message: string }[]>([]);
  const fieldError = (name: string) => fieldErrors.find((f) => f.field === name)?.message;
  const markers = useMemo(
    () =>
      fieldErrors.flatMap((f) => {
        if (f.field === "valuesYaml") {
          const m = /line (\d+), column (\d+)/.exec(f.message);
          return [{ line: m ? Number(m[1]) : 1, column: m ? Number(m[2]) : 1, message: f.message }];
        }
        const path = splitFieldPath(f.field);
        if (path[0] !== VALUES_PREFIX[0] || path[1] !== VALUES_PREFIX[1]) return [];
        return [{ ...locateInYaml(form.valuesYaml, path.slice(2)), message: `${f.field}: ${f.message}` }];
      }),
    [fieldErrors, form.valuesYaml],
  );

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setNotice(undefined);
    setFieldErrors([]);
    const input = {
      mode,
      ...form,
      driverAccount: form.driverAccount || undefined,
      secrets: secrets.action === "replace" ? { action: "replace", yaml: secrets.yaml } : { action: secrets.action },
    };
    startTransition(async () => {
      const r = await saveDefinitionAction(input);
      if (!r.ok) {
        setError(r.error);
        setFieldErrors(r.fields ?? []);
        return;
      }
      setError(undefined);
      setWarnings(r.data.warnings);
      setSecrets({ action: "keep", yaml: "" });
      setNotice(r.data.changed ? "Saved: a new version was recorded." : "No changes.");
      if (mode === "create") router.push(`/resources/definitions/${r.data.id}`);
      else router.refresh();
    });
  }

  return (
    <form aria-label={mode === "create" ? "New resource definition" : "Edit resource definition"} className="space-y-4" onSubmit={onSubmit}>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="Id" error={fieldError("id")} hint="lowercase letters, digits and dashes">
          <TextInput name="id" value={form.id} onChange={set("id")} readOnly={mode === "update"} required />
        </Field>
        <Field label="Name" error={fieldError("name")}>
          <TextInput name="name" value={form.name} onChange={set("name")} required />
        </Field>
        <Field label="Resource type" error={fieldError("type")}>
          <Select name="type" value={form.type} onChange={set("type")} disabled={mode === "update"}>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Driver" error={fieldError("driver_type")}>
          <Select name="driverType" value={form.driverType} onChange={set("driverType")}>
            {driversForType.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}
                {d.available ? "" : " (not available)"}
              </option>
            ))}
          </Select>
        </Field>
        {driver && !driver.available ? (
          <p className="md:col-span-2" data-testid="driver-not-available">
            <Badge tone="amber">driver not available</Badge> <span className="text-sm text-zinc-600">{driver.reason}. The definition is kept; a deployment that needs it fails naming the driver.</span>
          </p>
        ) : null}
        <Field label="Driver account" error={fieldError("driver_account")} hint="a cloud account id, or a placeholder">
          <TextInput name="driverAccount" list="account-ids" value={form.driverAccount} onChange={set("driverAccount")} />
        </Field>
        <datalist id="account-ids">
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.type}
            </option>
          ))}
        </datalist>
      </div>

      <div className="space-y-1">
        <span className="text-sm font-medium">Driver inputs: values (YAML)</span>
        <YamlEditor label="Driver input values" testId="values-editor" value={form.valuesYaml} onChange={(v) => setForm((f) => ({ ...f, valuesYaml: v }))} markers={markers} />
      </div>

      <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid="secret-inputs">
        <legend className="px-1 text-sm font-medium">Driver inputs: secrets (write-only)</legend>
        {secretPaths.length === 0 ? (
          <p className="text-sm text-zinc-500">No secret inputs are set.</p>
        ) : (
          <ul className="flex flex-wrap gap-2 text-xs">
            {secretPaths.map((p) => (
              <li key={p}>
                <Badge tone="green">{p}: set</Badge>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-3 text-sm">
          {(["keep", "replace", "clear"] as const).map((a) => (
            <label key={a} className="inline-flex items-center gap-1">
              <input type="radio" name="secretsAction" checked={secrets.action === a} onChange={() => setSecrets({ action: a, yaml: "" })} />
              {a === "keep" ? "Keep as they are" : a === "replace" ? "Replace with new secret inputs" : "Remove all secret inputs"}
            </label>
          ))}
        </div>
        {secrets.action === "replace" ? (
          <textarea
            aria-label="New secret inputs (YAML)"
            className={`${inputClass} h-28 font-mono`}
            autoComplete="off"
            spellCheck={false}
            placeholder={"password: …\ncredentials:\n  token: …"}
            value={secrets.yaml}
            onChange={(e) => setSecrets({ action: "replace", yaml: e.target.value })}
          />
        ) : null}
      </fieldset>

      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Secret references and co-provisioning</summary>
        <div className="mt-2 grid gap-3 md:grid-cols-2">
          <Field label="secret_refs (YAML)" error={fieldError("secretRefsYaml")}>
            <textarea className={`${inputClass} h-28 font-mono`} value={form.secretRefsYaml} onChange={set("secretRefsYaml")} aria-label="secret_refs (YAML)" />
          </Field>
          <Field label="provision (YAML)" error={fieldError("provisionYaml")}>
            <textarea className={`${inputClass} h-28 font-mono`} value={form.provisionYaml} onChange={set("provisionYaml")} aria-label="provision (YAML)" />
          </Field>
        </div>
      </details>

      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300" data-testid="definition-errors">
          {error}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="list-disc pl-5 text-xs text-amber-700" data-testid="definition-warnings">
          {warnings.map((w, i) => (
            <li key={i}>
              {w.path ? `${w.path}: ` : ""}
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create definition" : "Save changes"}
        </Button>
        {notice ? (
          <span role="status" className="text-sm text-zinc-600">
            {notice}
          </span>
        ) : null}
      </div>
    </form>
  );
}
