import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getRuntime } from "@/lib/server/runtime";
import { DefinitionForm } from "../definition-form";
import { formProps } from "../form-props";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "New resource definition" };

export default async function NewDefinitionPage({ searchParams }: { searchParams: Promise<{ type?: string }> }) {
  const actor = await requireActor();
  if (!can(actor, { action: "definition.manage" })) notFound();
  const props = await formProps((await getRuntime()).db, actor.orgId, undefined, []);
  const { type } = await searchParams;
  if (type && props.types.includes(type)) props.initial.type = type;
  return (
    <>
      <Breadcrumb trail={[{ href: "/resources/definitions", label: "Resource definitions" }]} />
      <PageHeader title="New resource definition" description="How a resource type is provisioned. Add matching criteria after creating it: a definition without criteria is never used." />
      <Card>
        <DefinitionForm mode="create" {...props} />
      </Card>
    </>
  );
}
