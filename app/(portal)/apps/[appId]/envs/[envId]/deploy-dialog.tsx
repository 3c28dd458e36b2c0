"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { TextDiffEditor } from "@/components/diff-editor/diff-editor";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import type { DeployPreview } from "@/lib/server/deploy/preview";
import { deployAction, previewDeployAction } from "../actions";

interface WorkloadRow {
  id: string;
  latestVersion: number;
  valid: boolean;
  /** The image the environment runs now (offered again), or "". */
  image: string;
  /** Containers whose Score file says `image: .`: the deployment names their image. */
  awaitingImage: string[];
}

/** What stops the deployment: one message at a time, and the image field it is about. */
interface Problem {
  message: string;
  workloadId?: string;
}

/** An image must be typed where the Score file leaves it to the deployment and none runs yet. */
export function imageRequired(w: WorkloadRow): boolean {
  return w.awaitingImage.length > 0 && w.image === "";
}

function missingImageProblem(w: WorkloadRow): Problem {
  const containers = w.awaitingImage.map((c) => `"${c}"`).join(", ");
  return {
    workloadId: w.id,
    message: `Enter the image to deploy for ${w.id}: its Score file leaves the image of container ${containers} to the deployment (image: .).`,
  };
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
  const [problem, setProblem] = useState<Problem>();
  const [previewing, startPreview] = useTransition();
  const [deploying, startDeploy] = useTransition();
  const imageInputs = useRef<Record<string, HTMLInputElement | null>>({});

  const selection = () => workloads.map((w) => ({ workloadId: w.id, version: w.latestVersion, image: images[w.id]?.trim() || undefined }));

  /** The first workload still missing its image: say so once, and put the cursor there. */
  function checkImages(): boolean {
    const missing = workloads.find((w) => imageRequired(w) && !images[w.id]?.trim());
    if (!missing) return true;
    setProblem(missingImageProblem(missing));
    imageInputs.current[missing.id]?.focus();
    return false;
  }

  function runPreview() {
    setProblem(undefined);
    setPreview(undefined);
    if (!checkImages()) return;
    startPreview(async () => {
      const r = await previewDeployAction({ appId, envId, workloads: selection() });
      if (r.ok) setPreview(r.data);
      else setProblem({ message: r.error });
    });
  }

  function runDeploy() {
    setProblem(undefined);
    if (!checkImages()) return;
    startDeploy(async () => {
      const r = await deployAction({ appId, envId, workloads: selection(), comment });
      if (r.ok) router.push(`/apps/${appId}/deploys/${r.data.id}`);
      else setProblem({ message: r.error });
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
            {workloads.map((w) => {
              const required = imageRequired(w);
              const invalid = problem?.workloadId === w.id;
              return (
                <tr key={w.id}>
                  <td className="py-1 font-medium">{w.id}</td>
                  <td className="py-1">
                    v{w.latestVersion} {w.valid ? null : <Badge tone="amber">draft — cannot deploy</Badge>}
                  </td>
                  <td className="py-1">
                    <div className="flex items-center gap-2">
                      <TextInput
                        ref={(el) => {
                          imageInputs.current[w.id] = el;
                        }}
                        aria-label={`Image for ${w.id}`}
                        aria-required={required}
                        required={required}
                        aria-invalid={invalid}
                        aria-describedby={invalid ? "deploy-problem" : undefined}
                        value={images[w.id] ?? ""}
                        placeholder={w.awaitingImage.length > 0 ? "registry.example.com/app:1.0" : "the Score file names its images"}
                        className={invalid ? "border-red-500 ring-2 ring-red-500/30 dark:border-red-500" : ""}
                        onChange={(e) => {
                          setImages({ ...images, [w.id]: e.target.value });
                          if (invalid) setProblem(undefined);
                        }}
                      />
                      {required ? <span className="shrink-0 text-xs text-zinc-500">required</span> : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Field label="Comment">
          <TextInput value={comment} onChange={(e) => setComment(e.target.value)} placeholder="What is this deployment?" />
        </Field>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={runPreview} disabled={previewing}>
            {previewing ? "Planning…" : "Preview changes"}
          </Button>
          <Button onClick={runDeploy} disabled={deploying || (preview !== undefined && preview.errors.length > 0)}>
            {deploying ? "Queuing…" : "Deploy"}
          </Button>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
        {problem ? (
          <p role="alert" id="deploy-problem" className="text-sm text-red-600">
            {problem.message}
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
