"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

// Workers come from the installed packages (bundled by Next), never from a CDN.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id, label) {
    if (label === "yaml") return new Worker(new URL("monaco-yaml/yaml.worker.js", import.meta.url), { type: "module" });
    return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });

export { monaco };

export function isDarkMode(): boolean {
  return typeof document !== "undefined" && document.documentElement.classList.contains("dark");
}
