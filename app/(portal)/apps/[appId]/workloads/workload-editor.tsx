"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ScoreEditor } from "@/components/score-editor/score-editor";
import type { ResourceTypeHint } from "@/components/score-editor/completions";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { saveWorkloadVersionAction } from "./actions";
import { useWorkloadDraft } from "./workload-draft";

interface ServerError {
  field: string;
  message: string;
  line: number;
  column: number;
  hint?: string;
}

/** The Score editor with its save button; the text lives in the surrounding `WorkloadDraft`. */
export function WorkloadEditor(props: { appId: string; workloadId?: string; resourceTypes: ResourceTypeHint[]; initialErrors: ServerError[] }) {
  const router = useRouter();
  const { text, setText } = useWorkloadDraft();
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<ServerError[]>(props.initialErrors);
  const [notice, setNotice] = useState<string>();
  const save = useAction(saveWorkloadVersionAction);

  function onSave() {
    setNotice(undefined);
    save.run({ appId: props.appId, workloadId: props.workloadId, scoreYaml: text, message }, (r) => {
      const result = r as { workloadId: string; version: number; created: boolean; valid: boolean; errors: ServerError[] };
      setErrors(result.errors);
      setMessage("");
      setNotice(
        !result.created
          ? `No changes: version ${result.version} is current.`
          : result.valid
            ? `Saved version ${result.version}.`
            : `Saved version ${result.version} as a draft: it has ${result.errors.length} error(s) and cannot be deployed until they are fixed.`,
      );
      if (!props.workloadId) router.push(`/apps/${props.appId}/workloads/${result.workloadId}`);
    });
  }

  return (
    <div className="space-y-3">
      <ScoreEditor value={text} onChange={setText} resourceTypes={props.resourceTypes} serverMarkers={errors} />
      <div className="flex flex-wrap items-center gap-2">
        <TextInput
          aria-label="Version message"
          placeholder="What changed? (optional)"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          className="max-w-md"
        />
        <Button onClick={onSave} disabled={save.pending}>
          {save.pending ? "Saving…" : "Save version"}
        </Button>
        {notice ? (
          <span role="status" className="text-sm text-zinc-600 dark:text-zinc-300">
            {notice}
          </span>
        ) : null}
      </div>
      {save.error ? (
        <p role="alert" className="text-sm text-red-600">
          {save.error}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40" data-testid="score-errors">
          <p className="font-medium text-red-800 dark:text-red-300">This Score file cannot be deployed:</p>
          <ul className="mt-1 list-disc pl-5 font-mono text-xs text-red-800 dark:text-red-300">
            {errors.map((e, i) => (
              <li key={i}>
                {e.field ? `${e.field}: ` : ""}
                {e.message} (line {e.line}, col {e.column}){e.hint ? ` — ${e.hint}` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
