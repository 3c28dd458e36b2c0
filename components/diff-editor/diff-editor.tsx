"use client";

import dynamic from "next/dynamic";
import type { TextDiffEditorProps } from "./diff-editor-impl";

/** Monaco's diff editor, loaded only where a diff is shown. The diff's inputs are computed on the server. */
export const TextDiffEditor = dynamic<TextDiffEditorProps>(() => import("./diff-editor-impl").then((m) => m.TextDiffEditorImpl), {
  ssr: false,
  loading: () => <div className="h-[520px] animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-label="Loading diff" />,
});
