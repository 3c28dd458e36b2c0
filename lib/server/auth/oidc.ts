import { first } from "@/db/raw";
import { randomUUID } from "node:crypto";
import type { Provider } from "next-auth/providers/index";
import { and, eq } from "drizzle-orm";
import { orgRoles, users } from "@/db/tables";
import type { Config } from "@/lib/server/config";
import { getRuntime } from "@/lib/server/runtime";

/**
 * A generic OpenID Connect provider, enabled when BATON_OIDC_* are set. First sign-in creates
 * the user as an org `member` (administrators grant more in Settings → Users).
 */
export function oidcProvider(cfg: Config): Provider | undefined {
  if (!cfg.BATON_OIDC_ISSUER || !cfg.BATON_OIDC_CLIENT_ID || !cfg.BATON_OIDC_CLIENT_SECRET) return undefined;
  return {
    id: "oidc",
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${cfg.BATON_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: cfg.BATON_OIDC_CLIENT_ID,
    clientSecret: cfg.BATON_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    async profile(profile: { sub: string; email?: string; name?: string }) {
      const email = (profile.email ?? `${profile.sub}@oidc.invalid`).toLowerCase();
      const { db } = await getRuntime();
      const existing = await first(db.select({ id: users.id }).from(users).where(and(eq(users.orgId, cfg.BATON_ORG_ID), eq(users.email, email))));
      if (existing) return { id: existing.id, email, name: profile.name ?? email };
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(users).values({ id, orgId: cfg.BATON_ORG_ID, email, name: profile.name ?? email, idpSubject: profile.sub, createdAt: new Date().toISOString() });
        await tx.insert(orgRoles).values({ orgId: cfg.BATON_ORG_ID, userId: id, role: "member" });
      });
      return { id, email, name: profile.name ?? email };
    },
  } as Provider;
}
