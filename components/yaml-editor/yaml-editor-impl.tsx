"use client";

import Editor from "@monaco-editor/react";
import { useEffect, useId } from "react";
import { isDarkMode, monaco } from "../monaco/setup";

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

  const dark = isDarkMode();
  return (
    <div className="overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid={testId} aria-label={label}>
      <Editor
        height={height}
        language="yaml"
        path={uri}
        // Uncontrolled: the editor owns its text. Fed back as `value`, a render that lags a
        // keystroke behind would replace the model with the older text, dropping what was
        // just typed (and completing against a document that changed under the request).
        defaultValue={value}
        theme={dark ? "vs-dark" : "light"}
        onChange={(v) => onChange(v ?? "")}
        options={{ minimap: { enabled: false }, fontSize: 13, tabSize: 2, scrollBeyondLastLine: false, ariaLabel: label }}
      />
    </div>
  );
}
