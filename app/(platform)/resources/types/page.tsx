import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { BUILTIN_RESOURCE_TYPES } from "@/lib/engine/resource-types";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listCustomResourceTypes } from "@/lib/server/data/resources";
import { getRuntime } from "@/lib/server/runtime";
import { CreateResourceTypeForm, DeleteResourceTypeButton } from "./types-client";

export const metadata: Metadata = { title: "Resource types" };

function keysOf(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

export default async function ResourceTypesPage() {
  const actor = await requireActor();
  const custom = await listCustomResourceTypes((await getRuntime()).db, actor.orgId);
  const mayManage = can(actor, { action: "resource-type.manage" });
  const rows = [
    ...BUILTIN_RESOURCE_TYPES.map((t) => ({ type: t.type, name: t.name, use: t.use, builtin: true, outputs: t.outputs_schema })),
    ...custom.map((t) => ({ type: t.type, name: t.name, use: t.use, builtin: false, outputs: t.outputsSchema as { values?: unknown; secrets?: unknown } })),
  ];
  return (
    <>
      <PageHeader
        title="Resource types"
        description="What a Score file may ask for, and the outputs each type provides. Built-in types are read-only; custom types are named <org id>/<name>."
        actions={mayManage ? <CreateResourceTypeForm orgId={actor.orgId} /> : null}
      />
      <Card>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="pb-2 font-medium">Type</th>
              <th className="pb-2 font-medium">Use</th>
              <th className="pb-2 font-medium">Value outputs</th>
              <th className="pb-2 font-medium">Secret outputs</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((t) => (
              <tr key={t.type} data-testid={`type-${t.type}`}>
                <td className="py-2">
                  <div className="font-mono">{t.type}</div>
                  <div className="text-xs text-zinc-500">
                    {t.name} {t.builtin ? null : <Badge tone="blue">custom</Badge>}
                  </div>
                </td>
                <td className="py-2">
                  <Badge>{t.use}</Badge>
                </td>
                <td className="py-2 font-mono text-xs">{keysOf(t.outputs?.values).join(", ") || "—"}</td>
                <td className="py-2 font-mono text-xs">{keysOf(t.outputs?.secrets).join(", ") || "—"}</td>
                <td className="py-2 text-right">{mayManage && !t.builtin ? <DeleteResourceTypeButton type={t.type} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
