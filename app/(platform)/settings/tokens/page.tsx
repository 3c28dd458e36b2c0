import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/server/auth/session";
import { listApiTokens } from "@/lib/server/data/tokens";
import { getRuntime } from "@/lib/server/runtime";
import { TokenTable } from "./token-table";
import { CreateTokenForm } from "./tokens-client";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requireActor();
  const tokens = await listApiTokens((await getRuntime()).db, actor.orgId, actor.userId);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens act with your roles. Use them from CI with the baton CLI (BATON_TOKEN) or as a Bearer token."
        actions={<CreateTokenForm />}
      />
      <Card>
        <TokenTable tokens={tokens} empty="Create a token to deploy from a pipeline with baton score deploy." />
      </Card>
    </>
  );
}
