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
      <Card title="Command line" className="mt-6">
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          The <code className="font-mono">baton</code> CLI of this server, for pipelines and terminals (Node.js 20.19 or newer):{" "}
          <a href="/downloads/baton-cli.tgz" download className="font-medium text-indigo-600 underline hover:text-indigo-500 dark:text-indigo-400">
            download baton-cli.tgz
          </a>
        </p>
        <pre className="mt-3 overflow-x-auto rounded bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-950">
          {"curl -fsSLO $BATON_URL/downloads/baton-cli.tgz && npm install -g ./baton-cli.tgz\nexport BATON_URL=… BATON_TOKEN=…   # or HUMANITEC_TOKEN; baton login stores them\nbaton get apps"}
        </pre>
      </Card>
    </>
  );
}
