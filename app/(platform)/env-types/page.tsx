import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listEnvTypes } from "@/lib/server/data/apps";
import { getRuntime } from "@/lib/server/runtime";
import { CreateEnvTypeForm, DeleteEnvTypeButton } from "./env-types-client";

export const metadata: Metadata = { title: "Environment types" };

export default async function EnvTypesPage() {
  const actor = await requireActor();
  const types = await listEnvTypes((await getRuntime()).db, actor.orgId);
  const mayManage = can(actor, { action: "env-type.manage" });
  return (
    <>
      <PageHeader
        title="Environment types"
        description="Every environment has one type. Matching criteria and the deployer role refer to types."
        actions={mayManage ? <CreateEnvTypeForm /> : null}
      />
      <Card>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="pb-2 font-medium">Id</th>
              <th className="pb-2 font-medium">Description</th>
              <th className="pb-2 font-medium">Environments</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {types.map((t) => (
              <tr key={t.id}>
                <td className="py-2 font-mono">{t.id}</td>
                <td className="py-2 text-zinc-600 dark:text-zinc-400">{t.description}</td>
                <td className="py-2">{t.environmentCount}</td>
                <td className="py-2 text-right">{mayManage && t.environmentCount === 0 ? <DeleteEnvTypeButton id={t.id} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
