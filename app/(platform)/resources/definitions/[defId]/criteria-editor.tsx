"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { BlastRadiusReport } from "@/lib/server/data/blast-radius";
import { BlastRadiusView } from "../../blast-radius-view";
import { RenderedImpactList } from "./rendered-impact";
import { previewCriteriaChangeAction, replaceCriteriaAction } from "../../actions";

type Criterion = { class?: string; env_type?: string; app_id?: string; env_id?: string; res_id?: string };
const COLUMNS = [
  { key: "class", label: "class", list: "crit-classes", placeholder: "default" },
  { key: "env_type", label: "env_type", list: "crit-env-types" },
  { key: "app_id", label: "app_id", list: "crit-app-ids" },
  { key: "env_id", label: "env_id", list: "crit-env-ids" },
  { key: "res_id", label: "res_id", list: "crit-res-ids" },
] as const;

export interface CriteriaSuggestions {
  appIds: string[];
  envIds: string[];
  envTypes: string[];
  resIds: string[];
  classes: string[];
}

/** Rules table with add/remove; the blast radius is shown before saving, computed by the server. */
export function CriteriaEditor({ defId, initial, suggestions, readOnly }: { defId: string; initial: Criterion[]; suggestions: CriteriaSuggestions; readOnly: boolean }) {
  const router = useRouter();
  const [rows, setRows] = useState<Criterion[]>(initial);
  const [report, setReport] = useState<BlastRadiusReport>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [pending, startTransition] = useTransition();
  const dirty = JSON.stringify(rows) !== JSON.stringify(initial);

  const edit = (next: Criterion[]) => {
    setRows(next);
    setReport(undefined);
    setNotice(undefined);
  };
  const clean = () => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v)));

  function preview() {
    setError(undefined);
    startTransition(async () => {
      const r = await previewCriteriaChangeAction({ id: defId, criteria: clean() });
      if (r.ok) setReport(r.data);
      else setError(r.error);
    });
  }
  function save() {
    setError(undefined);
    startTransition(async () => {
      const r = await replaceCriteriaAction({ id: defId, criteria: clean() });
      if (!r.ok) return setError(r.error);
      setReport(undefined);
      setNotice("Criteria saved.");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3" data-testid="criteria-editor">
      {rows.length === 0 ? <p className="text-sm text-amber-700">No criteria: this definition is never matched. Add a rule — an empty rule matches everything of class default.</p> : null}
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase text-zinc-500">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className="pb-1 font-medium">
                {c.label}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-testid="criterion-row">
              {COLUMNS.map((c) => (
                <td key={c.key} className="pr-2 pb-1">
                  <input
                    aria-label={`Criterion ${i + 1} ${c.label}`}
                    className={`${inputClass} font-mono`}
                    list={c.list}
                    placeholder={"placeholder" in c ? c.placeholder : ""}
                    value={row[c.key] ?? ""}
                    readOnly={readOnly}
                    onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, [c.key]: e.target.value } : r)))}
                  />
                </td>
              ))}
              <td className="pb-1 text-right">
                {readOnly ? null : (
                  <Button type="button" variant="ghost" aria-label={`Remove criterion ${i + 1}`} onClick={() => edit(rows.filter((_, j) => j !== i))}>
                    Remove
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <datalist id="crit-classes">{suggestions.classes.map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="crit-env-types">{suggestions.envTypes.map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="crit-app-ids">{suggestions.appIds.map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="crit-env-ids">{suggestions.envIds.map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="crit-res-ids">{suggestions.resIds.map((v) => <option key={v} value={v} />)}</datalist>
      {readOnly ? null : (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="button" variant="secondary" onClick={() => edit([...rows, {}])}>
            Add criterion
          </Button>
          <Button type="button" variant="secondary" disabled={!dirty || pending} onClick={preview}>
            Preview impact
          </Button>
          <Button type="button" disabled={!dirty || pending || !report} onClick={save} title={report ? undefined : "Preview the impact first"}>
            Save criteria
          </Button>
          {notice ? <span role="status" className="text-sm text-zinc-600">{notice}</span> : null}
        </div>
      )}
      {error ? (
        <p role="alert" className="text-sm text-red-600" data-testid="criteria-error">
          {error}
        </p>
      ) : null}
      {report ? <BlastRadiusView report={report} /> : null}
      {report ? (
        <RenderedImpactList
          defId={defId}
          criteria={clean() as Record<string, string>[]}
          environments={[...new Map(report.changes.map((c) => [`${c.appId}/${c.envId}`, { appId: c.appId, envId: c.envId }])).values()]}
        />
      ) : null}
    </div>
  );
}
