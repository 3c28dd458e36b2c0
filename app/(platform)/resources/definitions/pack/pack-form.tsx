"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import type { BlastRadiusReport } from "@/lib/server/data/blast-radius";
import { BlastRadiusView } from "../../blast-radius-view";
import { installPackAction, previewPackAction } from "../../actions";

export function PackForm({ definitions, envTypes }: { definitions: { id: string; type: string; name: string }[]; envTypes: string[] }) {
  const router = useRouter();
  const [envType, setEnvType] = useState(envTypes.includes("development") ? "development" : "");
  const [baseDomain, setBaseDomain] = useState("");
  const [report, setReport] = useState<BlastRadiusReport>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const criteria = [envType ? { env_type: envType } : {}];

  return (
    <div className="space-y-4">
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {definitions.map((d) => (
          <li key={d.id}>
            <span className="font-mono">{d.type}</span> <span className="text-zinc-500">— {d.id}</span>
          </li>
        ))}
      </ul>
      <div className="grid max-w-xl gap-3 sm:grid-cols-2">
        <Field label="Use for environment type" hint="matching criterion of every pack definition">
          <Select
            aria-label="Environment type"
            value={envType}
            onChange={(e) => {
              setEnvType(e.target.value);
              setReport(undefined);
            }}
          >
            <option value="">every environment ({"{}"})</option>
            {envTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Base domain for DNS names" hint="default: localhost">
          <TextInput value={baseDomain} onChange={(e) => setBaseDomain(e.target.value)} placeholder="apps.example.com" />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const r = await previewPackAction({ criteria });
              if (r.ok) setReport(r.data);
              else setError(r.error);
            })
          }
        >
          Preview impact
        </Button>
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              setError(undefined);
              const r = await installPackAction({ criteria, baseDomain: baseDomain || undefined });
              if (!r.ok) return setError(r.error);
              const created = r.data.definitions.filter((d) => d.status !== "unchanged").length;
              setDone(`Installed: ${created} definition(s) created or updated, ${r.data.definitions.length - created} unchanged.`);
              router.refresh();
            })
          }
        >
          Install pack
        </Button>
      </div>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      {done ? <p role="status" className="text-sm text-emerald-700">{done}</p> : null}
      {report ? <BlastRadiusView report={report} /> : null}
    </div>
  );
}
