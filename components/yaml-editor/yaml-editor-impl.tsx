"use client";

import Editor, { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useEffect, useId } from "react";

export interface YamlEditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Server validation errors, shown as markers. */
  markers?: YamlEditorMarker[];
  height?: number;
  label: string;
  testId?: string;
}

// The editor worker comes from the installed package (bundled by Next), never from a CDN.
// The Score editor sets a richer environment (with the YAML language worker); keep it if present.
const env = self as unknown as { MonacoEnvironment?: monaco.Environment };
env.MonacoEnvironment ??= {
  getWorker() {
    return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });

export function YamlEditorImpl({ value, onChange, markers = [], height = 240, label, testId }: YamlEditorProps) {
  const uri = `file:///definition/${useId().replace(/[^a-zA-Z0-9]/g, "")}.yaml`;

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(uri));
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "baton",
      markers.map((m) => ({
        severity: monaco.MarkerSeverity.Error,
        message: m.message,
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.line,
        endColumn: model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
      })),
    );
  }, [markers, uri]);

  const dark = typeof document !== "undefined" && document.documentElement.classList.contains("dark");
  return (
    <div className="overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid={testId} aria-label={label}>
      <Editor
        height={height}
        language="yaml"
        path={uri}
        value={value}
        theme={dark ? "vs-dark" : "light"}
        onChange={(v) => onChange(v ?? "")}
        options={{ minimap: { enabled: false }, fontSize: 13, tabSize: 2, scrollBeyondLastLine: false, ariaLabel: label }}
      />
    </div>
  );
}
