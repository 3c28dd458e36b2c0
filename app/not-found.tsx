import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-zinc-500">
        The page you asked for does not exist, or the application or environment was deleted.
      </p>
      <Link href="/" className="text-sm font-medium text-brand-600 hover:underline">
        Back to the overview
      </Link>
    </main>
  );
}
