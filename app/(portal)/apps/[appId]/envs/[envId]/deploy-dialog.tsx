"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { TextDiffEditor } from "@/components/diff-editor/diff-editor";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { DeployPreview } from "@/lib/server/deploy/preview";
import { deployAction, previewDeployAction } from "../actions";

interface WorkloadRow {
  id: string;
  latestVersion: number;
  valid: boolean;
  image: string;
}

function ChangeList({ label, changes }: { label: string; changes: { added: string[]; removed: string[]; changed: string[] } }) {
  const items = [...changes.added.map((x) => `+ ${x}`), ...changes.removed.map((x) => `- ${x}`), ...changes.changed.map((x) => `~ ${x}`)];
  return (
    <div>
      <div className="text-xs font-semibold uppercase text-zinc-500">{label}</div>
      <div className="font-mono text-xs">{items.length ? items.join("  ") : "no change"}</div>
    </div>
  );
}

export function DeployDialog({ appId, envId, workloads }: { appId: string; envId: string; workloads: WorkloadRow[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [images, setImages] = useState<Record<string, string>>(Object.fromEntries(workloads.map((w) => [w.id, w.image])));
  const [comment, setComment] = useState("");
  const [preview, setPreview] = useState<DeployPreview>();
  const [previewError, setPreviewError] = useState<string>();
  const [previewing, startPreview] = useTransition();
  const deploy = useAction(deployAction);

  const selection = () => workloads.map((w) => ({ workloadId: w.id, version: w.latestVersion, image: images[w.id] || undefined }));

  function runPreview() {
    setPreviewError(undefined);
    setPreview(undefined);
    startPreview(async () => {
      const r = await previewDeployAction({ appId, envId, workloads: selection() });
      if (r.ok) setPreview(r.data);
      else setPreviewError(r.error);
    });
  }

  if (!open) {
    return (
      <Button onClick={() => setOpen(true)} disabled={workloads.length === 0} title={workloads.length === 0 ? "Add a workload first" : undefined}>
        Deploy
      </Button>
    );
  }
  return (
    <div role="dialog" aria-label={`Deploy to ${envId}`} className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-black/40 p-6">
      <div className="w-full max-w-5xl space-y-4 rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900">
        <h2 className="text-lg font-semibold">Deploy to {envId}</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="pb-2 font-medium">Workload</th>
              <th className="pb-2 font-medium">Version</th>
              <th className="pb-2 font-medium">Image (replaces image: .)</th>
            </tr>
          </thead>
          <tbody>
            {workloads.map((w) => (
              <tr key={w.id}>
                <td className="py-1 font-medium">{w.id}</td>
                <td className="py-1">
                  v{w.latestVersion} {w.valid ? null : <Badge tone="amber">draft — cannot deploy</Badge>}
                </td>
                <td className="py-1">
                  <TextInput aria-label={`Image for ${w.id}`} value={images[w.id] ?? ""} placeholder="registry.example.com/app:1.0" onChange={(e) => setImages({ ...images, [w.id]: e.target.value })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Field label="Comment">
          <TextInput value={comment} onChange={(e) => setComment(e.target.value)} placeholder="What is this deployment?" />
        </Field>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={runPreview} disabled={previewing}>
            {previewing ? "Planning…" : "Preview changes"}
          </Button>
          <Button
            onClick={() => deploy.run({ appId, envId, workloads: selection(), comment }, (r) => router.push(`/apps/${appId}/deploys/${(r as { id: string }).id}`))}
            disabled={deploy.pending || (preview !== undefined && preview.errors.length > 0)}
          >
            {deploy.pending ? "Queuing…" : "Deploy"}
          </Button>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
        {deploy.error ? (
          <p role="alert" className="text-sm text-red-600">
            {deploy.error}
          </p>
        ) : null}
        {previewError ? (
          <p role="alert" className="text-sm text-red-600">
            {previewError}
          </p>
        ) : null}
        {preview ? (
          <section aria-label="Preview" className="space-y-3">
            {preview.errors.length > 0 ? (
              <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40" data-testid="preview-errors">
                <p className="font-medium text-red-800 dark:text-red-300">The plan has errors; deploying would fail:</p>
                <ul className="mt-1 list-disc pl-5 text-xs text-red-800 dark:text-red-300">
                  {preview.errors.map((e, i) => (
                    <li key={i}>
                      <span className="font-mono">{e.code}</span> {e.object_id ? <span className="font-mono">[{e.object_id}]</span> : null} {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <>
                <div className="grid gap-3 md:grid-cols-3" data-testid="preview-summary">
                  <ChangeList label="Workloads" changes={preview.setChanges.workloads} />
                  <ChangeList label="Shared resources" changes={preview.setChanges.shared} />
                  <div>
                    <div className="text-xs font-semibold uppercase text-zinc-500">Kubernetes objects</div>
                    <div className="font-mono text-xs">
                      {preview.objectChanges.length ? preview.objectChanges.map((c) => `${c.change === "added" ? "+" : c.change === "removed" ? "-" : "~"} ${c.key}`).join("  ") : "no change"}
                    </div>
                  </div>
                </div>
                <TextDiffEditor original={preview.before} modified={preview.after} originalLabel="current" modifiedLabel="planned" height={380} />
              </>
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}
