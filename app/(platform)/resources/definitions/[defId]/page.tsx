import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { stringify } from "yaml";
import { formatTime } from "@/components/ui/status-badge";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { TextDiff } from "@/components/ui/text-diff";
import { getDriver } from "@/lib/engine/definitions";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listApplications, listEnvTypes } from "@/lib/server/data/apps";
import { getDefinitionDetail, getDefinitionVersionContent, listDefinitionVersions } from "@/lib/server/data/definitions";
import { versionDiffTexts } from "@/lib/server/data/definition-versions";
import { listResourceUsages } from "@/lib/server/data/resource-usages";
import { getRuntime } from "@/lib/server/runtime";
import { DefinitionForm } from "../definition-form";
import { formProps } from "../form-props";
import { CriteriaEditor } from "./criteria-editor";
import { DeletePanel, RestoreButton } from "./definition-actions";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ defId: string }>; searchParams: Promise<{ from?: string; to?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).defId };
}

export default async function DefinitionPage({ params, searchParams }: Props) {
  const { defId } = await params;
  const actor = await requireActor();
  const { db, secrets } = await getRuntime();
  const detail = await getDefinitionDetail(db, secrets, actor.orgId, defId);
  if (!detail) notFound();
  const def = detail.definition;
  const driver = getDriver(def.driver_type);
  const mayManage = can(actor, { action: "definition.manage" }) && !def.is_deleted;
  const versions = await listDefinitionVersions(db, actor.orgId, defId);

  const { from, to } = await searchParams;
  const toV = versions.find((v) => v.id === to) ?? versions[0];
  const fromV = versions.find((v) => v.id === from) ?? versions.find((v) => toV && v.number === toV.number - 1);
  const toContent = toV && (await getDefinitionVersionContent(db, actor.orgId, defId, toV.id));
  const fromContent = fromV && (await getDefinitionVersionContent(db, actor.orgId, defId, fromV.id));
  const diff = toContent ? versionDiffTexts(secrets, fromContent, toContent) : undefined;

  // Suggestions for the criteria editor: what exists in the organisation.
  const apps = await listApplications(db, actor.orgId);
  const usages = (await listResourceUsages(db, actor.orgId)).filter((u) => u.type === def.type);
  const suggestions = {
    appIds: apps.map((a) => a.id),
    envIds: [...new Set(apps.flatMap((a) => a.envs.map((e) => e.id)))].sort(),
    envTypes: (await listEnvTypes(db, actor.orgId)).map((t) => t.id),
    resIds: [...new Set(usages.map((u) => u.res_id))].sort(),
    classes: [...new Set(["default", ...usages.map((u) => u.class)])],
  };

  return (
    <>
      <Breadcrumb trail={[{ href: "/resources/definitions", label: "Resource definitions" }]} />
      <PageHeader
        title={def.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{def.id}</span>
            <Badge>{def.type}</Badge>
            <Badge tone="blue">{def.driver_type}</Badge>
            {driver && !driver.available ? <Badge tone="amber">driver not available: {driver.unavailable_reason}</Badge> : null}
            {def.is_deleted ? <Badge tone="red">deleted — still used by active resources</Badge> : null}
          </span>
        }
        actions={
          <a className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700" href={`/resources/definitions/export?id=${encodeURIComponent(def.id)}`} download>
            Export YAML
          </a>
        }
      />
      <div className="space-y-6">
        <Card title="Matching criteria">
          <CriteriaEditor defId={def.id} initial={(def.criteria ?? []).map(({ id: _id, ...c }) => c)} suggestions={suggestions} readOnly={!mayManage} />
        </Card>

        <Card title="Definition">
          {mayManage ? (
            <DefinitionForm mode="update" {...(await formProps(db, actor.orgId, def, detail.secretPaths))} />
          ) : (
            <div className="space-y-2 text-sm">
              <pre className="overflow-x-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950">{stringify({ driver_account: def.driver_account, driver_inputs: { values: def.driver_inputs?.values, secret_refs: def.driver_inputs?.secret_refs }, provision: def.provision }, { lineWidth: 0 })}</pre>
              <p>
                Secret inputs: {detail.secretPaths.length === 0 ? "none" : detail.secretPaths.map((p) => <Badge key={p} tone="green">{`${p}: set`}</Badge>)}
              </p>
            </div>
          )}
        </Card>

        <Card title="Versions">
          {/* Collapsed unless a version was picked: a definition's history can be long. */}
          <details open={Boolean(from || to)} data-testid="definition-history">
            <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-300">
              {versions.length} version{versions.length === 1 ? "" : "s"}
              {toV ? `, latest v${versions[0].number} ${versions[0].action} by ${versions[0].createdBy} at ${formatTime(versions[0].createdAt)}` : ""}
            </summary>
            <div className="mt-3 grid gap-4 lg:grid-cols-[260px_1fr]">
              <ol className="space-y-1 text-sm" data-testid="definition-versions">
                {versions.map((v) => (
                  <li key={v.id} className="flex items-center justify-between gap-2">
                    <Link href={`?to=${v.id}`} className={`hover:underline ${v.id === toV?.id ? "font-semibold" : ""}`}>
                      v{v.number} {v.action}
                    </Link>
                    <span className="text-xs text-zinc-500" title={v.createdAt}>
                      {v.createdBy}
                    </span>
                    {mayManage && v.id !== versions[0].id && v.action !== "deleted" ? <RestoreButton id={def.id} versionId={v.id} label={`v${v.number}`} /> : null}
                  </li>
                ))}
              </ol>
              {diff && toV ? (
                fromV ? (
                  <TextDiff label={`Diff of versions ${fromV.number} and ${toV.number}`} before={diff.before} after={diff.after} context={3} />
                ) : (
                  <details>
                    <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-300">Version {toV.number} is the first: show it in full</summary>
                    <TextDiff label={`Version ${toV.number}`} before={diff.before} after={diff.after} />
                  </details>
                )
              ) : null}
            </div>
          </details>
        </Card>

        {mayManage ? (
          <Card title="Delete">
            <DeletePanel id={def.id} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
