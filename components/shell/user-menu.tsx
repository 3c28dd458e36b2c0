"use client";

import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";

export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  function toggle() {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("baton-theme", next ? "dark" : "light");
    setDark(next);
  }
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label={dark ? "Switch to light mode" : "Switch to dark mode"}
      className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {dark ? "☀︎ Light" : "☾ Dark"}
    </button>
  );
}

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <div className="flex items-center gap-3">
      <ThemeToggle />
      <div className="text-right leading-tight" data-testid="current-user">
        <div className="text-sm font-medium">{name}</div>
        <div className="text-xs text-zinc-500">
          {email} · {role}
        </div>
      </div>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </div>
  );
}
