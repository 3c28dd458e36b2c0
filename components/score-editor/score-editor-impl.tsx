"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { configureMonacoYaml } from "monaco-yaml";
import { useEffect, useRef } from "react";
import scoreSchema from "@/lib/engine/score/schema/score-v1b1.json";
import { isDarkMode, monaco } from "../monaco/setup";
import { completionContext, suggestions, type ResourceTypeHint } from "./completions";

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface ScoreEditorProps {
  value: string;
  onChange: (value: string) => void;
  resourceTypes: ResourceTypeHint[];
  /** Errors from the server's validation, shown as markers with the same messages. */
  serverMarkers: EditorMarker[];
  height?: number;
}

const MODEL_URI = "file:///workload/score.yaml";
let configured = false;
let typeHints: ResourceTypeHint[] = [];

function configureOnce() {
  if (configured) return;
  configured = true;
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [{ uri: "https://score.dev/schemas/score-v1b1.json", fileMatch: ["**/score.yaml"], schema: scoreSchema as never }],
  });
  monaco.languages.registerCompletionItemProvider("yaml", {
    triggerCharacters: [".", " ", "{"],
    provideCompletionItems(model, position) {
      const before = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
      const ctx = completionContext(before);
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      return {
        suggestions: suggestions(ctx, model.getValue(), typeHints).map((s) => ({
          label: s.label,
          detail: s.detail,
          kind: monaco.languages.CompletionItemKind.Value,
          insertText: s.label,
          range,
        })),
      };
    },
  });
}

export function ScoreEditorImpl({ value, onChange, resourceTypes, serverMarkers, height = 480 }: ScoreEditorProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  typeHints = resourceTypes;

  const onMount: OnMount = (editor) => {
    editorRef.current = editor as unknown as monaco.editor.IStandaloneCodeEditor;
  };

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(MODEL_URI));
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "baton",
      serverMarkers.map((m) => ({
        severity: monaco.MarkerSeverity.Error,
        message: m.message,
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.line,
        endColumn: model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
      })),
    );
  }, [serverMarkers]);

  configureOnce();
  const dark = isDarkMode();
  return (
    <div className="overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid="score-editor">
      <Editor
        height={height}
        language="yaml"
        path={MODEL_URI}
        // Uncontrolled: the editor owns its text. Fed back as `value`, a render that lags a
        // keystroke behind would replace the model with the older text, dropping what was
        // just typed (and completing against a document that changed under the request).
        defaultValue={value}
        theme={dark ? "vs-dark" : "light"}
        onChange={(v) => onChange(v ?? "")}
        onMount={onMount}
        options={{ minimap: { enabled: false }, fontSize: 13, tabSize: 2, scrollBeyondLastLine: false, quickSuggestions: { other: true, strings: true } }}
      />
    </div>
  );
}
