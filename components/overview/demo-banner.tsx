import Link from "next/link";
import { DEMO_USERS } from "@/lib/server/seed";

/** For newcomers to the demo organisation: who to sign in as and what to try first. */
export function DemoBanner({ email }: { email: string }) {
  const [developer, manager] = DEMO_USERS;
  return (
    <aside aria-label="Demo organisation" data-testid="demo-banner" className="mb-4 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-zinc-700 dark:border-brand-700/40 dark:bg-brand-700/10 dark:text-zinc-200">
      <p className="font-medium">This is the demo organisation — deployed for real to the local GitOps repository on first start.</p>
      <p className="mt-1">
        Sign in as <b>{manager.email}</b> (password <code>{manager.password}</code>) to follow every application, or as <b>{developer.email}</b> (
        <code>{developer.password}</code>) to deploy to development and staging. You are signed in as {email}.
      </p>
      <ul className="mt-1 list-inside list-disc">
        <li>
          <Link className="text-brand-700 hover:underline dark:text-brand-100" href="/?envType=production&status=failed">
            Failed production environments
          </Link>
          : demo-shop&apos;s production failed because no postgres definition matches production — open it to see the error and the resource graph.
        </li>
        <li>
          <Link className="text-brand-700 hover:underline dark:text-brand-100" href="/?status=outdated">
            Outdated environments
          </Link>
          : a demo-blog value changed after its deployments; redeploy to bring it in.
        </li>
        <li>
          <Link className="text-brand-700 hover:underline dark:text-brand-100" href="/insights">
            Delivery figures
          </Link>{" "}
          from the real history: frequency, failure rate, lead time and time to restore.
        </li>
      </ul>
    </aside>
  );
}
