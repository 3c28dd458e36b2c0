import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listApiTokens } from "@/lib/server/data/tokens";
import { getUser } from "@/lib/server/data/users";
import { getRuntime } from "@/lib/server/runtime";
import { TokenTable } from "../../../tokens/token-table";
import { CreateTokenForm } from "../../../tokens/tokens-client";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Service user tokens" };

/** Administrators: a service user's API tokens (a person's tokens are theirs alone). */
export default async function ServiceUserTokensPage({ params }: { params: Promise<{ userId: string }> }) {
  const actor = await requireActor();
  if (!can(actor, { action: "token.manage-service-user" })) notFound();
  const { userId } = await params;
  const db = (await getRuntime()).db;
  const user = await getUser(db, actor.orgId, decodeURIComponent(userId));
  if (!user || user.type !== "service") notFound();
  const tokens = await listApiTokens(db, actor.orgId, user.id);
  return (
    <>
      <Breadcrumb trail={[{ href: "/settings/users", label: "Users" }]} />
      <PageHeader
        title={`API tokens of ${user.name}`}
        description={`Service user ${user.email} (${user.orgRole ?? "no org role"}). Its tokens act with its roles; use them as BATON_TOKEN in CI.`}
        actions={<CreateTokenForm userId={user.id} />}
      />
      <Card>
        <TokenTable tokens={tokens} userId={user.id} empty="Create a token for this service user's pipeline." />
      </Card>
    </>
  );
}
