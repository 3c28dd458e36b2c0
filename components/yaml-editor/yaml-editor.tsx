"use client";

import dynamic from "next/dynamic";
import type { YamlEditorProps } from "./yaml-editor-impl";

/** A plain YAML editor (Monaco), loaded on demand and offline — for definition inputs. */
export const YamlEditor = dynamic<YamlEditorProps>(() => import("./yaml-editor-impl").then((m) => m.YamlEditorImpl), {
  ssr: false,
  loading: () => <div className="h-[240px] animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-label="Loading editor" />,
});
