import { first } from "@/db/raw";
import Link from "next/link";
import type { ReactNode } from "react";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/tables";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { getRuntime } from "@/lib/server/runtime";
import { SideNav, type NavSection } from "./nav";
import { UserMenu } from "./user-menu";

export function navigationFor(actor: Actor): NavSection[] {
  const settings = [
    ...(can(actor, { action: "user.list" }) ? [{ href: "/settings/users", label: "Users" }] : []),
    { href: "/settings/tokens", label: "API tokens" },
    ...(can(actor, { action: "audit.view" }) ? [{ href: "/settings/audit", label: "Audit log" }] : []),
  ];
  return [
    {
      items: [
        { href: "/", label: "Overview" },
        { href: "/apps", label: "Applications" },
        { href: "/artefacts", label: "Artefacts" },
      ],
    },
    {
      label: "Resources",
      items: [
        { href: "/resources/definitions", label: "Definitions" },
        { href: "/resources/types", label: "Types" },
        { href: "/resources/accounts", label: "Accounts" },
      ],
    },
    { items: [{ href: "/env-types", label: "Environment types" }] },
    { label: "Settings", items: settings },
  ];
}

export async function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const org = await first((await getRuntime()).db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.orgId)));
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-14 items-center justify-between border-b border-zinc-200 bg-white px-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-center gap-3">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            Baton
          </Link>
          <span className="text-zinc-300 dark:text-zinc-600">/</span>
          <span className="text-sm font-medium" data-testid="org-name">
            {org?.name ?? actor.orgId}
          </span>
        </div>
        <UserMenu name={actor.name} email={actor.email} role={actor.orgRole} />
      </header>
      <div className="flex flex-1">
        <aside className="w-56 shrink-0 border-r border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <SideNav sections={navigationFor(actor)} />
        </aside>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
