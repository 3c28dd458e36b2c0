"use client";

import { useEffect, useRef } from "react";
import { isDarkMode, monaco } from "../monaco/setup";

export interface TextDiffEditorProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
  height?: number;
}

/**
 * Monaco's diff editor, driven directly: it owns its two models and tears down in the order
 * Monaco needs (detach the models, dispose the editor, then the models), so unmounting while
 * navigating never races Monaco's own disposal.
 */
export function TextDiffEditorImpl({ original, modified, originalLabel, modifiedLabel, height = 520 }: TextDiffEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    const originalModel = monaco.editor.createModel(original, "yaml");
    const modifiedModel = monaco.editor.createModel(modified, "yaml");
    const editor = monaco.editor.createDiffEditor(container.current, {
      readOnly: true,
      renderSideBySide: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      theme: isDarkMode() ? "vs-dark" : "vs",
    });
    editor.setModel({ original: originalModel, modified: modifiedModel });
    return () => {
      editor.setModel(null);
      editor.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
  }, [original, modified]);
  return (
    <div className="overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid="diff-editor">
      <div className="grid grid-cols-2 border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="px-3 py-1">{originalLabel}</div>
        <div className="px-3 py-1">{modifiedLabel}</div>
      </div>
      <div ref={container} style={{ height }} />
    </div>
  );
}
