import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { listApplications, listEnvTypes } from "@/lib/server/data/apps";
import { listUserBindings, listUsers } from "@/lib/server/data/users";
import { getRuntime } from "@/lib/server/runtime";
import { CreateUserForm, UserRow } from "./users-client";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireActor();
  if (!can(actor, { action: "user.list" })) notFound();
  const db = (await getRuntime()).db;
  const users = await Promise.all((await listUsers(db, actor.orgId)).map(async (u) => ({ ...u, ...(await listUserBindings(db, actor.orgId, u.id)) })));
  const apps = (await listApplications(db, actor.orgId)).map((a) => a.id);
  const envTypes = (await listEnvTypes(db, actor.orgId)).map((t) => t.id);
  const isAdmin = actor.orgRole === "administrator";
  const canManageServiceTokens = can(actor, { action: "token.manage-service-user" });
  return (
    <>
      <PageHeader
        title="Users"
        description="Organisation roles, application roles and the deployer role per environment type."
        actions={<CreateUserForm allowAdmin={isAdmin} />}
      />
      <Card>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="pb-2 font-medium">User</th>
              <th className="pb-2 font-medium">Org role</th>
              <th className="pb-2 font-medium">Applications</th>
              <th className="pb-2 font-medium">Deployer on</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {users.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                apps={apps}
                envTypes={envTypes}
                editable={isAdmin || u.orgRole !== "administrator"}
                allowAdmin={isAdmin}
                isSelf={u.id === actor.userId}
                typeBadge={u.type === "service" ? <Badge>service</Badge> : null}
                tokensHref={u.type === "service" && canManageServiceTokens ? `/settings/users/${encodeURIComponent(u.id)}/tokens` : undefined}
              />
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
