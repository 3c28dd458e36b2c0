import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { assertSignInAllowed, TooManySignInAttempts } from "@/lib/server/api/rate-limit";
import { authOptions } from "@/lib/server/auth/auth-options";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  return NextAuth(await authOptions())(req, ctx);
}

/**
 * Sign-in attempts are rate limited per email: a blocked attempt gets a real 429 with
 * Retry-After (in the shape next-auth's client expects), before any password is checked.
 */
async function post(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => undefined);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    try {
      if (email) await assertSignInAllowed((await getRuntime()).db, email);
    } catch (err) {
      if (err instanceof TooManySignInAttempts) {
        const url = new URL("/sign-in?error=TooManyAttempts", req.url).toString();
        return NextResponse.json({ url, message: "Too many sign-in attempts" }, { status: 429, headers: { "Retry-After": String(err.retryAfterSeconds) } });
      }
      throw err;
    }
  }
  return await handler(req, ctx);
}

export { handler as GET, post as POST };
