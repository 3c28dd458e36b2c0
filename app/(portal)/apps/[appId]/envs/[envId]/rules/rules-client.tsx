"use client";

import { Button } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createRuleAction, deleteRuleAction, setRuleActiveAction } from "./actions";

/** The new-rule form: which images (a list of artefact names, or all), which refs (match_ref). */
export function NewRuleForm({ appId, envId }: { appId: string; envId: string }) {
  const { run, pending, error, fieldError } = useAction(createRuleAction);
  return (
    <form
      aria-label="New automation rule"
      className="grid gap-3 text-sm md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const names = String(f.get("artefacts") ?? "").split(/[\s,]+/).filter(Boolean);
        run(
          { appId, envId, rule: { type: "update", update_to: String(f.get("update_to")), artefacts_filter: names, exclude_artefacts_filter: f.get("exclude") === "on", match_ref: String(f.get("match_ref") ?? ""), active: true } },
          () => form.reset(),
        );
      }}
    >
      <Field label="Images (artefact names)" hint="Comma or space separated, e.g. registry.example.com/shop/web; empty: every image" error={fieldError("rule.artefacts_filter")}>
        <TextInput name="artefacts" aria-label="Images" placeholder="registry.example.com/shop/web" />
      </Field>
      <Field label="match_ref" hint="Go regular expression on the version's ref, e.g. ^refs/heads/main$ or ^refs/tags/v; empty: every ref" error={fieldError("match_ref") ?? fieldError("rule.match_ref")}>
        <TextInput name="match_ref" aria-label="match_ref" placeholder="^refs/heads/main$" className="font-mono" />
      </Field>
      <Field label="Update to">
        <Select name="update_to" aria-label="Update to" defaultValue="branch">
          <option value="branch">branch</option>
          <option value="tag">tag</option>
        </Select>
      </Field>
      <label className="flex items-center gap-2 self-end pb-2">
        <input type="checkbox" name="exclude" aria-label="Exclude the listed images" /> Every image except the listed ones
      </label>
      <div className="md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create rule"}
        </Button>
        {error ? (
          <p role="alert" className="mt-2 text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** Pause/resume and delete of one rule. */
export function RuleControls({ appId, envId, ruleId, active }: { appId: string; envId: string; ruleId: string; active: boolean }) {
  const toggle = useAction(setRuleActiveAction);
  const remove = useAction(deleteRuleAction);
  const error = toggle.error ?? remove.error;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" disabled={toggle.pending} onClick={() => toggle.run({ appId, envId, ruleId, active: !active })}>
        {active ? "Pause" : "Resume"}
      </Button>
      <Button
        variant="danger"
        disabled={remove.pending}
        onClick={() => {
          if (window.confirm("Delete this rule and its trigger history?")) remove.run({ appId, envId, ruleId });
        }}
      >
        Delete
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </div>
  );
}
