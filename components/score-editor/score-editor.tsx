"use client";

import dynamic from "next/dynamic";
import type { ScoreEditorProps } from "./score-editor-impl";

/**
 * The Score editor, loaded on demand: Monaco and monaco-yaml are only fetched by pages that
 * render this component, and never from a CDN.
 */
export const ScoreEditor = dynamic<ScoreEditorProps>(() => import("./score-editor-impl").then((m) => m.ScoreEditorImpl), {
  ssr: false,
  loading: () => <div className="h-[480px] animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-label="Loading editor" />,
});
