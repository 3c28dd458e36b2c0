"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { HumctlIssue } from "@/lib/engine/definitions";
import type { BlastRadiusReport } from "@/lib/server/data/blast-radius";
import type { ImportPlanEntry } from "@/lib/server/operations/import-definitions";
import { BlastRadiusView } from "../../blast-radius-view";
import { importDefinitionsAction, previewImportAction } from "../../actions";

type Plan = { entries: ImportPlanEntry[]; errors: HumctlIssue[]; warnings: HumctlIssue[]; report: BlastRadiusReport };
const issueText = (i: HumctlIssue) => `${i.file}:${i.line}:${i.column}: document ${i.document}: ${i.field ? `${i.field}: ` : ""}${i.message}`;

export function ImportForm() {
  const router = useRouter();
  const [yaml, setYaml] = useState("");
  const [file, setFile] = useState<string>();
  const [plan, setPlan] = useState<Plan>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();

  function preview() {
    setError(undefined);
    setDone(undefined);
    startTransition(async () => {
      const r = await previewImportAction({ yaml, file });
      if (r.ok) setPlan(r.data);
      else setError(r.error);
    });
  }
  function apply() {
    startTransition(async () => {
      const r = await importDefinitionsAction({ yaml, file });
      if (!r.ok) return setError(r.error);
      setPlan(undefined);
      const counts = r.data.entries.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});
      setDone(`Imported: ${counts.new ?? 0} new, ${counts.updated ?? 0} updated, ${counts.unchanged ?? 0} unchanged.`);
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <input
        type="file"
        accept=".yaml,.yml"
        aria-label="Upload a YAML file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          setFile(f.name);
          setYaml(await f.text());
          setPlan(undefined);
        }}
      />
      <textarea
        aria-label="humctl YAML"
        className={`${inputClass} h-72 font-mono text-xs`}
        spellCheck={false}
        value={yaml}
        placeholder={"apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: my-postgres\nentity:\n  …"}
        onChange={(e) => {
          setYaml(e.target.value);
          setPlan(undefined);
        }}
      />
      <div className="flex gap-2">
        <Button type="button" variant="secondary" onClick={preview} disabled={pending || !yaml.trim()}>
          Preview
        </Button>
        <Button type="button" onClick={apply} disabled={pending || !plan || plan.errors.length > 0}>
          Import
        </Button>
      </div>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      {done ? <p role="status" className="text-sm text-emerald-700">{done}</p> : null}
      {plan ? (
        <div className="space-y-3" data-testid="import-preview">
          {plan.errors.length > 0 ? (
            <ul className="list-disc pl-5 font-mono text-xs text-red-700" role="alert">
              {plan.errors.map((e, i) => <li key={i}>{issueText(e)}</li>)}
            </ul>
          ) : null}
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-1 font-medium">Definition</th>
                <th className="pb-1 font-medium">Change</th>
                <th className="pb-1 font-medium">Criteria</th>
                <th className="pb-1 font-medium">Secret inputs</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {plan.entries.map((e) => (
                <tr key={e.id}>
                  <td className="py-1 font-mono">
                    {e.id} <span className="text-xs text-zinc-500">{e.type}</span> {e.driverAvailable ? null : <Badge tone="amber">driver not available</Badge>}
                  </td>
                  <td className="py-1">
                    <Badge tone={e.status === "new" ? "green" : e.status === "updated" ? "blue" : "zinc"}>{e.status}</Badge>
                  </td>
                  <td className="py-1 text-xs">{e.status === "new" ? "—" : e.criteriaReplaced ? "replaced" : "unchanged"}</td>
                  <td className="py-1 text-xs">{e.secrets}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.warnings.length > 0 ? (
            <details className="text-xs text-amber-700">
              <summary>{plan.warnings.length} warning(s)</summary>
              <ul className="list-disc pl-5 font-mono">{plan.warnings.map((w, i) => <li key={i}>{issueText(w)}</li>)}</ul>
            </details>
          ) : null}
          <BlastRadiusView report={plan.report} />
        </div>
      ) : null}
    </div>
  );
}
