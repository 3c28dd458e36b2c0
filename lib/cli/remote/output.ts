import { stringify } from "yaml";
import { usageError } from "./errors";

export const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormatOf(value: string | undefined, fallback: OutputFormat = "table"): OutputFormat {
  const v = value ?? fallback;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw usageError(`-o/--output must be one of ${OUTPUT_FORMATS.join(", ")} (got "${v}")`);
  return v as OutputFormat;
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join("   ").trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join("\n") + "\n";
}

/** Prints data in the asked format; tables need columns (objects print as YAML otherwise). */
export function print<T>(data: T | T[], format: OutputFormat, columns?: readonly Column<T>[], out: NodeJS.WritableStream = process.stdout): void {
  if (format === "json") out.write(JSON.stringify(data, null, 2) + "\n");
  else if (format === "yaml" || !columns) out.write(stringify(data));
  else out.write(renderTable(Array.isArray(data) ? data : [data], columns));
}
