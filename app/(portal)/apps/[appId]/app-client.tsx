"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createEnvironmentAction, deleteApplicationAction, renameApplicationAction } from "../actions";
import { cloneEnvironmentAction } from "./envs/actions";

function ErrorLine({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

export function CreateEnvironmentForm({ appId, envTypes }: { appId: string; envTypes: string[] }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldError } = useAction(createEnvironmentAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Create environment</Button>;
  return (
    <form
      aria-label="Create environment"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const name = String(f.get("name") ?? "").trim();
        run({ appId, id: String(f.get("id") ?? ""), name: name || undefined, type: String(f.get("type")) }, () => setOpen(false));
      }}
    >
      <Field label="Environment id" error={fieldError("id")} hint="2–50 characters: lowercase letters, digits, dashes">
        <TextInput name="id" required placeholder="staging" autoFocus />
      </Field>
      <Field label="Name" error={fieldError("name")}>
        <TextInput name="name" placeholder="Staging" />
      </Field>
      <Field label="Environment type" error={fieldError("type")}>
        <Select name="type" defaultValue={envTypes[0]}>
          {envTypes.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
      </Field>
      <ErrorLine error={error && !fieldError("id") ? error : undefined} />
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

export function AppSettings({ appId, name, mayRename, mayDelete }: { appId: string; name: string; mayRename: boolean; mayDelete: boolean }) {
  const router = useRouter();
  const rename = useAction(renameApplicationAction);
  const remove = useAction(deleteApplicationAction);
  const [confirm, setConfirm] = useState("");
  if (!mayRename && !mayDelete) return null;
  return (
    <Card title="Settings" className="mt-6">
      <div className="grid gap-6 md:grid-cols-2">
        {mayRename ? (
          <form
            aria-label="Rename application"
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              rename.run({ id: appId, name: String(new FormData(e.currentTarget).get("name") ?? "") });
            }}
          >
            <Field label="Display name" error={rename.fieldError("name")}>
              <TextInput name="name" defaultValue={name} required />
            </Field>
            <Button type="submit" variant="secondary" disabled={rename.pending}>
              Rename
            </Button>
          </form>
        ) : null}
        {mayDelete ? (
          <form
            aria-label="Delete application"
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              remove.run({ id: appId, confirm }, () => router.push("/apps"));
            }}
          >
            <Field
              label={`Delete application — type "${appId}" to confirm`}
              error={remove.fieldError("confirm")}
              hint="Deletes its environments, workloads, values and deployment history."
            >
              <TextInput name="confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            </Field>
            <ErrorLine error={remove.fieldError("confirm") ? undefined : remove.error} />
            <Button type="submit" variant="danger" disabled={confirm !== appId || remove.pending}>
              Delete application
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}

export function CloneEnvironmentForm({ appId, sources, envTypes }: { appId: string; sources: { id: string; deployed: boolean }[]; envTypes: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState((sources.find((s) => s.deployed) ?? sources[0]).id);
  const { run, pending, error, fieldError } = useAction(cloneEnvironmentAction);
  const empty = !sources.find((s) => s.id === source)?.deployed;
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Clone environment
      </Button>
    );
  }
  return (
    <form
      aria-label="Clone environment"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const id = String(f.get("id") ?? "");
        run({ appId, sourceEnvId: source, id, type: String(f.get("type")), deploy: !empty && f.get("deploy") === "on" }, (r) => {
          const { deploymentId } = r as { deploymentId: string | null };
          setOpen(false);
          router.push(deploymentId ? `/apps/${appId}/deploys/${deploymentId}` : `/apps/${appId}/envs/${id}`);
        });
      }}
    >
      <p className="text-xs text-zinc-500">The new environment starts from the source&apos;s current configuration; it provisions its own resources by matching.</p>
      <Field
        label="Clone from"
        hint={empty ? `${source} has nothing deployed yet, so there is no configuration to copy: the new environment starts empty, and you deploy it when it has workloads.` : undefined}
      >
        <Select name="source" value={source} onChange={(e) => setSource(e.target.value)}>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.deployed ? s.id : `${s.id} (nothing deployed)`}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="New environment id" error={fieldError("id")}>
        <TextInput name="id" required placeholder="staging" />
      </Field>
      <Field label="Environment type" error={fieldError("type")}>
        <Select name="type" defaultValue={envTypes.includes("staging") ? "staging" : envTypes[0]}>
          {envTypes.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
      </Field>
      <label className={`flex items-center gap-2 text-sm ${empty ? "text-zinc-400" : ""}`}>
        <input type="checkbox" name="deploy" defaultChecked disabled={empty} /> Deploy it now
      </label>
      <ErrorLine error={error && !fieldError("id") ? error : undefined} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Clone
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
