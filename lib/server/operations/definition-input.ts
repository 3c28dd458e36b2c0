import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { SafeError } from "@/lib/server/errors";

/** A matching criterion as the criteria editor and the pack installer send it. */
export const criterionInput = z
  .object({
    class: z.string().trim().optional(),
    env_type: z.string().trim().optional(),
    app_id: z.string().trim().optional(),
    env_id: z.string().trim().optional(),
    res_id: z.string().trim().optional(),
  })
  .strict()
  .transform((c) => {
    // Empty cells mean "not set".
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(c)) if (v) out[k] = v;
    return out;
  });

export const definitionIdInput = z.string().trim().min(1, "definition id is required").max(100);

/**
 * Parses a YAML mapping typed in the editor. Errors name the field and the line, so the editor
 * can mark it. Empty text is `undefined` (the field is not set).
 */
export function parseYamlMapping(text: string | undefined, field: string): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const message = `YAML syntax error at line ${pos.line}, column ${pos.col}: ${e.message.split("\n")[0]}`;
    throw new SafeError("invalid", `${field}: ${message}`, { fields: [{ field, message }] });
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new SafeError("invalid", `${field}: must be a YAML mapping (key: value)`, { fields: [{ field, message: "must be a YAML mapping (key: value)" }] });
  }
  return value as Record<string, unknown>;
}
