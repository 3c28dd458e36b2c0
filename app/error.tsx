"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-zinc-500">
        The error has been logged{error.digest ? ` (reference ${error.digest})` : ""}. Try again, or go back to the overview.
      </p>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <a href="/" className="rounded-md px-3 py-1.5 text-sm font-medium text-brand-600 hover:underline">
          Overview
        </a>
      </div>
    </main>
  );
}
