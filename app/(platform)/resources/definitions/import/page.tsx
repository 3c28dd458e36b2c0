import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { ImportForm } from "./import-form";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Import resource definitions" };

export default async function ImportPage() {
  const actor = await requireActor();
  if (!can(actor, { action: "definition.manage" })) notFound();
  return (
    <>
      <Breadcrumb trail={[{ href: "/resources/definitions", label: "Resource definitions" }]} />
      <PageHeader
        title="Import definitions (humctl YAML)"
        description="Multi-document YAML of kind Definition, as `humctl apply -f` takes it: definitions are created or updated by metadata.id and their criteria replaced. Preview first."
      />
      <Card>
        <ImportForm />
      </Card>
    </>
  );
}
