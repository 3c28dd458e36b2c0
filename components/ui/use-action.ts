"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export type ClientActionResult<R> =
  | { ok: true; data: R }
  | { ok: false; error: string; code: string; fields?: { field: string; message: string }[]; requestId: string };

/**
 * Calls a server action, keeps its pending state and its safe error (with per-field
 * messages), and refreshes the server components on success.
 */
export function useAction<I, R>(action: (input: I) => Promise<ClientActionResult<R>>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});

  function run(input: I, onSuccess?: (data: R) => void) {
    setError(undefined);
    setFields({});
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        onSuccess?.(result.data);
        router.refresh();
      } else {
        setError(result.error);
        setFields(Object.fromEntries((result.fields ?? []).map((f) => [f.field, f.message])));
      }
    });
  }
  return { run, pending, error, fieldError: (name: string) => fields[name] };
}
