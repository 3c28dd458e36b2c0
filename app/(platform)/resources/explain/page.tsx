import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Select, TextInput } from "@/components/ui/field";
import { describeCriterion, explainMatch } from "@/lib/engine/matching";
import { requireActor } from "@/lib/server/auth/session";
import { loadDefinitionsForMatching } from "@/lib/server/data/definitions";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getRuntime } from "@/lib/server/runtime";
import { typeIds } from "../definitions/form-props";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Explain a match" };

type Query = { env?: string; type?: string; class?: string; res_id?: string };

/** Selects and text inputs differ in height and font by default: the form's row sets both. */
const CONTROL = "h-9 font-sans";

/** Every candidate definition for one resource, ranked, with why it matched or which field failed. */
export default async function ExplainPage({ searchParams }: { searchParams: Promise<Query> }) {
  const actor = await requireActor();
  const db = (await getRuntime()).db;
  const q = await searchParams;
  const envs = (await visibleApplications(db, actor)).flatMap((a) => a.envs.map((e) => ({ key: `${a.id}/${e.id}`, appId: a.id, envId: e.id, envType: e.type })));
  const env = envs.find((e) => e.key === q.env);
  const type = q.type ?? "postgres";
  const resId = q.res_id?.trim() || "shared.db";
  const explanation = env
    ? explainMatch(await loadDefinitionsForMatching(db, actor.orgId), { type, class: q.class?.trim() || "default", res_id: resId, app_id: env.appId, env_id: env.envId, env_type: env.envType })
    : undefined;

  return (
    <>
      <Breadcrumb trail={[{ href: "/resources/definitions", label: "Resource definitions" }]} />
      <PageHeader title="Explain a match" description="Which definition a resource gets in an environment, and why: every candidate, ranked by the most specific matching criterion." />
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Resource to match">
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Application / environment (type)</span>
          <Select name="env" defaultValue={q.env ?? envs[0]?.key} className={CONTROL}>
            {envs.map((e) => (
              <option key={e.key} value={e.key}>
                {e.key} ({e.envType})
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Resource type</span>
          <Select name="type" defaultValue={type} className={CONTROL}>
            {(await typeIds(db, actor.orgId)).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Class</span>
          <TextInput name="class" defaultValue={q.class ?? "default"} className={`${CONTROL} w-32`} />
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-zinc-500">Resource id (res_id)</span>
          <TextInput name="res_id" defaultValue={resId} className={`${CONTROL} w-64`} />
        </label>
        <button type="submit" className="h-9 rounded-md bg-brand-600 px-3 font-medium text-white">
          Explain
        </button>
      </form>
      {envs.length === 0 ? <p className="text-sm text-zinc-500">Create an application first: matching needs an environment.</p> : null}
      {explanation ? (
        <Card title={explanation.winner ? `Winner: ${explanation.winner.definition.id}${explanation.usedBuiltinFallback ? " (built-in default)" : ""}` : "No definition matches"}>
          {explanation.candidates.length === 0 ? <p className="text-sm text-zinc-500">No definition of type {type} exists.</p> : null}
          <ol className="space-y-3" data-testid="candidates">
            {explanation.candidates.map((c) => (
              <li key={c.definition.id} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid={`candidate-${c.definition.id}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs text-zinc-500">#{c.rank}</span>
                  {c.builtin ? <span className="font-mono">{c.definition.id}</span> : <Link className="font-mono hover:underline" href={`/resources/definitions/${c.definition.id}`}>{c.definition.id}</Link>}
                  {explanation.winner?.definition.id === c.definition.id ? <Badge tone="green">selected</Badge> : c.matched ? <Badge tone="blue">matches</Badge> : <Badge tone="zinc">does not match</Badge>}
                  {c.builtin ? <Badge>built-in default</Badge> : null}
                  {c.criterion ? <span className="font-mono text-xs">{describeCriterion(c.criterion)}</span> : null}
                </div>
                <ul className="mt-1 list-disc pl-5 text-xs text-zinc-600 dark:text-zinc-400">
                  {c.reasons.map((r, i) => <li key={i}>{r}</li>)}
                </ul>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
    </>
  );
}
