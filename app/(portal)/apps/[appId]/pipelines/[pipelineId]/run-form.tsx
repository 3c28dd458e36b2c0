"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { PipelineInputDeclaration } from "@/lib/engine/pipelines";
import { startRunAction } from "../actions";

/** Starts a run by hand (the pipeline_call trigger), with a field per declared input. */
export function RunForm({ appId, pipelineId, inputs }: { appId: string; pipelineId: string; inputs: Record<string, PipelineInputDeclaration> }) {
  const router = useRouter();
  const { run, pending, error, fieldError } = useAction(startRunAction);
  return (
    <form
      aria-label="Run pipeline"
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const values: Record<string, unknown> = {};
        for (const [k, d] of Object.entries(inputs)) {
          if (d.type === "boolean") values[k] = f.get(k) === "on";
          else {
            const raw = String(f.get(k) ?? "");
            if (raw === "") continue;
            values[k] = d.type === "number" ? Number(raw) : raw;
          }
        }
        run({ appId, pipelineId, inputs: values }, (r) => router.push(`/apps/${appId}/pipelines/${pipelineId}/runs/${(r as { id: string }).id}`));
      }}
    >
      {Object.entries(inputs).map(([k, d]) => (
        <Field key={k} label={`${k}${d.required ? " *" : ""}`} hint={d.description} error={fieldError(`inputs.${k}`)}>
          {d.type === "boolean" ? (
            <input type="checkbox" name={k} aria-label={k} defaultChecked={d.default === true} />
          ) : (
            <TextInput name={k} aria-label={k} type={d.type === "number" ? "number" : "text"} defaultValue={d.default === undefined ? "" : String(d.default)} required={d.required && d.default === undefined} />
          )}
        </Field>
      ))}
      <Button type="submit" disabled={pending}>
        {pending ? "Starting…" : "Run"}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}
