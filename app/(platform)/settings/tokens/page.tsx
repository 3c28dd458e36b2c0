import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/server/auth/session";
import { listApiTokens } from "@/lib/server/data/tokens";
import { getRuntime } from "@/lib/server/runtime";
import { CreateTokenForm, RevokeTokenButton } from "./tokens-client";

export const metadata: Metadata = { title: "API tokens" };

function tokenState(t: { revokedAt: string | null; expiresAt: string | null }) {
  if (t.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (t.expiresAt && t.expiresAt < new Date().toISOString()) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

export default async function TokensPage() {
  const actor = await requireActor();
  const tokens = listApiTokens(getRuntime().db, actor.orgId, actor.userId);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens act with your roles. Use them from CI with the baton CLI (BATON_TOKEN) or as a Bearer token."
        actions={<CreateTokenForm />}
      />
      <Card>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet">Create a token to deploy from a pipeline with baton score deploy.</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Description</th>
                <th className="pb-2 font-medium">State</th>
                <th className="pb-2 font-medium">Created</th>
                <th className="pb-2 font-medium">Expires</th>
                <th className="pb-2 font-medium">Last used</th>
                <th />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2">{t.description}</td>
                  <td className="py-2">{tokenState(t)}</td>
                  <td className="py-2 text-xs">{t.createdAt.slice(0, 16).replace("T", " ")}</td>
                  <td className="py-2 text-xs">{t.expiresAt?.slice(0, 10) ?? "never"}</td>
                  <td className="py-2 text-xs">{t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never"}</td>
                  <td className="py-2 text-right">{t.revokedAt ? null : <RevokeTokenButton id={t.id} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
