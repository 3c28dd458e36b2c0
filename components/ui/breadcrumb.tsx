import Link from "next/link";
import { Fragment, type ReactNode } from "react";

/** The trail of parent pages above a page's header. */
export function Breadcrumb({ trail }: { trail: { href: string; label: ReactNode }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
      {trail.map((step, i) => (
        <Fragment key={step.href}>
          {i > 0 ? " / " : null}
          <Link href={step.href} className="hover:underline">
            {step.label}
          </Link>
        </Fragment>
      ))}
    </nav>
  );
}
