import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { CREDENTIAL_FIELDS } from "@/lib/server/cloud-accounts/credentials";
import { listCloudAccounts } from "@/lib/server/data/resources";
import { getRuntime } from "@/lib/server/runtime";
import { AccountRowActions, CreateAccountForm } from "./accounts-client";

export const metadata: Metadata = { title: "Cloud accounts" };

export default async function AccountsPage() {
  const actor = await requireActor();
  const accounts = await listCloudAccounts((await getRuntime()).db, actor.orgId);
  const mayManage = can(actor, { action: "account.manage" });
  return (
    <>
      <PageHeader
        title="Cloud accounts"
        description="Credentials that drivers use to reach clusters and clouds (driver_account). Credentials are encrypted and never shown again."
        actions={mayManage ? <CreateAccountForm fields={CREDENTIAL_FIELDS} /> : null}
      />
      <Card>
        {accounts.length === 0 ? (
          <EmptyState title="No cloud accounts connected">
            Baton deploys to its local GitOps repository without any account. Connect a Kubernetes cluster account to deploy to a cluster.
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="accounts">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="pb-2 font-medium">Account</th>
                <th className="pb-2 font-medium">Type</th>
                <th className="pb-2 font-medium">Credentials</th>
                <th className="pb-2 font-medium">In use</th>
                <th />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {accounts.map((a) => {
                const inUse = a.usedBy.definitions.length > 0 || a.usedBy.activeResources > 0;
                return (
                  <tr key={a.id} data-testid={`account-${a.id}`}>
                    <td className="py-2">
                      <div className="font-medium">{a.name}</div>
                      <div className="font-mono text-xs text-zinc-500">{a.id}</div>
                    </td>
                    <td className="py-2">
                      <Badge>{a.type}</Badge>
                    </td>
                    <td className="py-2 text-xs">
                      <Badge tone="green">set (write-only)</Badge>
                    </td>
                    <td className="py-2 text-xs">
                      {inUse ? `${a.usedBy.definitions.join(", ")}${a.usedBy.activeResources ? ` · ${a.usedBy.activeResources} active resource(s)` : ""}` : "—"}
                    </td>
                    <td className="py-2 text-right">{mayManage ? <AccountRowActions id={a.id} type={a.type} inUse={inUse} fields={CREDENTIAL_FIELDS} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
