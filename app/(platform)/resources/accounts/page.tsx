import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/server/auth/session";
import { listCloudAccounts } from "@/lib/server/data/resources";
import { getRuntime } from "@/lib/server/runtime";

export const metadata: Metadata = { title: "Cloud accounts" };

export default async function AccountsPage() {
  const actor = await requireActor();
  const accounts = listCloudAccounts(getRuntime().db, actor.orgId);
  return (
    <>
      <PageHeader
        title="Cloud accounts"
        description="Credentials that drivers use to reach clusters and clouds. Credentials are encrypted and never shown again."
      />
      <Card>
        {accounts.length === 0 ? (
          <EmptyState title="No cloud accounts connected">
            Baton deploys to its local GitOps repository without any account. Connect a Kubernetes cluster account to deploy to a
            cluster.
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Account</th>
                <th className="pb-2 font-medium">Type</th>
                <th className="pb-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td className="py-2">
                    <div className="font-medium">{a.name}</div>
                    <div className="font-mono text-xs text-zinc-500">{a.id}</div>
                  </td>
                  <td className="py-2">
                    <Badge>{a.type}</Badge>
                  </td>
                  <td className="py-2 text-xs">{a.createdAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
