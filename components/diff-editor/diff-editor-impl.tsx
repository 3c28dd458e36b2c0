"use client";

import { DiffEditor } from "@monaco-editor/react";
import { isDarkMode } from "../monaco/setup";

export interface TextDiffEditorProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
  height?: number;
}

export function TextDiffEditorImpl({ original, modified, height = 520 }: TextDiffEditorProps) {
  return (
    <div className="overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid="diff-editor">
      <DiffEditor
        height={height}
        language="yaml"
        original={original}
        modified={modified}
        theme={isDarkMode() ? "vs-dark" : "light"}
        // Disposing the models on unmount races the widget's own reset in @monaco-editor/react
        // ("TextModel got disposed before DiffEditorWidget model got reset"); keep them instead.
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        options={{ readOnly: true, renderSideBySide: true, minimap: { enabled: false }, fontSize: 12, scrollBeyondLastLine: false }}
      />
    </div>
  );
}
