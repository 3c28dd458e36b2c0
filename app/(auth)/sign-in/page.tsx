import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/server/config";
import { currentActor } from "@/lib/server/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await currentActor()) redirect("/");
  const { callbackUrl, error } = await searchParams;
  const cfg = getConfig();
  const sso = Boolean(cfg.BATON_OIDC_ISSUER);
  // Only same-site paths are followed after sign-in.
  const next = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          {/* Plain img: a static SVG needs no optimisation. */}
          <img src="/favicon.svg" alt="" width={40} height={40} className="mx-auto" />
          <h1 className="mt-3 text-xl font-semibold">Sign in to Baton</h1>
          <p className="mt-1 text-sm text-zinc-500">{cfg.BATON_ORG_NAME}</p>
        </div>
        <SignInForm callbackUrl={next} sso={sso} initialError={error ? "Sign-in failed. Try again." : undefined} />
        {cfg.BATON_SEED_DEMO ? (
          <p className="rounded-md bg-brand-50 p-3 text-xs text-brand-700 dark:bg-brand-700/20 dark:text-brand-100">
            Demo organisation: sign in as <b>developer@baton.local</b> / <b>demo-developer</b> or <b>manager@baton.local</b> /{" "}
            <b>demo-manager</b>. The administrator&apos;s password was printed when Baton first started.
          </p>
        ) : null}
      </div>
    </main>
  );
}
