import { Badge, EmptyState } from "@/components/ui/card";
import type { ApiTokenRecord } from "@/lib/server/data/tokens";
import { RevokeTokenButton } from "./tokens-client";

function tokenState(t: { revokedAt: string | null; expiresAt: string | null }) {
  if (t.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (t.expiresAt && t.expiresAt < new Date().toISOString()) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

/** A user's tokens (never their values); `userId` when they are a service user's, not one's own. */
export function TokenTable({ tokens, userId, empty }: { tokens: ApiTokenRecord[]; userId?: string; empty: React.ReactNode }) {
  if (tokens.length === 0) return <EmptyState title="No tokens yet">{empty}</EmptyState>;
  return (
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
            <td className="py-2 text-right">{t.revokedAt ? null : <RevokeTokenButton id={t.id} userId={userId} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
