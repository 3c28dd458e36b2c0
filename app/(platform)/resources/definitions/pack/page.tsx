import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { inClusterPack } from "@/lib/engine/pack";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listEnvTypes } from "@/lib/server/data/apps";
import { getRuntime } from "@/lib/server/runtime";
import { PackForm } from "./pack-form";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "In-cluster resource pack" };

export default async function PackPage() {
  const actor = await requireActor();
  if (!can(actor, { action: "definition.manage" })) notFound();
  const defs = inClusterPack().map((d) => ({ id: d.id, type: d.type, name: d.name }));
  return (
    <>
      <Breadcrumb trail={[{ href: "/resources/definitions", label: "Resource definitions" }]} />
      <PageHeader
        title="In-cluster resource pack"
        description="Databases and queues as StatefulSets in the environment's namespace (generated credentials kept stable), PVC volumes, DNS names under a base domain, routes and ingresses, and the namespace. Choose where they apply."
      />
      <Card>
        <PackForm definitions={defs} envTypes={(await listEnvTypes((await getRuntime()).db, actor.orgId)).map((t) => t.id)} />
      </Card>
    </>
  );
}
