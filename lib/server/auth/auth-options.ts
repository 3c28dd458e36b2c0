import crypto from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/server/config";
import { assertSignInAllowed, recordFailedSignIn } from "@/lib/server/api/rate-limit";
import { findUserByEmail } from "@/lib/server/data/users";
import { logger } from "@/lib/server/logger";
import { getRuntime } from "@/lib/server/runtime";
import { verifyPassword } from "./password";
import { oidcProvider } from "./oidc";

/**
 * The session-signing secret is derived from the secret key itself (never from the key id,
 * which every ciphertext in the database carries), so there is nothing else to configure.
 */
async function sessionSecret(): Promise<string> {
  const { secrets } = await getRuntime();
  return crypto.createHash("sha256").update(`${secrets.deriveSecret("next-auth-session")}:${process.env.NEXTAUTH_SECRET ?? ""}`).digest("base64url");
}

let options: NextAuthOptions | undefined;

export async function authOptions(): Promise<NextAuthOptions> {
  if (options) return options;
  const cfg = getConfig();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = String(credentials?.email ?? "").trim().toLowerCase();
        const password = String(credentials?.password ?? "");
        if (!email || !password) return null;
        const { db } = await getRuntime();
        await assertSignInAllowed(db, email);
        const user = await findUserByEmail(db, cfg.BATON_ORG_ID, email);
        // Verified first and always (against a dummy hash when the account is unknown or
        // disabled), so the response time does not reveal which accounts exist.
        const passwordMatches = verifyPassword(password, user && !user.disabled ? user.passwordHash : null);
        if (!user || user.disabled || !passwordMatches) {
          logger.info({ event: "sign-in-refused", email }, "sign-in refused");
          await recordFailedSignIn(db, email);
          return null;
        }
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  const oidc = oidcProvider(cfg);
  if (oidc) providers.push(oidc);
  options = {
    secret: (await sessionSecret()),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    logger: {
      error: (code, meta) => logger.error({ code, meta: meta instanceof Error ? meta.message : undefined }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
  return options;
}
