import type { ScoreError } from "./types";

/**
 * One line per error, e.g. `score.yaml: containers.main.variables.PORT: must be a string (line 7, col 13)`.
 * Root-level errors omit the field. The hint, if any, is not included (print it on its own line).
 */
export function formatScoreError(error: ScoreError, file?: string): string {
  const prefix = file ? `${file}: ` : "";
  const field = error.field ? `${error.field}: ` : "";
  return `${prefix}${field}${error.message} (line ${error.line}, col ${error.column})`;
}
