import { parse } from "yaml";

export interface ResourceTypeHint {
  type: string;
  outputs: string[];
}

/** The resources a Score document declares (name → type), read leniently while typing. */
export function declaredResources(text: string): Record<string, string> {
  try {
    const doc = parse(text) as { resources?: Record<string, { type?: unknown }> } | null;
    const out: Record<string, string> = {};
    for (const [name, res] of Object.entries(doc?.resources ?? {})) {
      if (res && typeof res.type === "string") out[name] = res.type;
    }
    return out;
  } catch {
    return {};
  }
}

export type CompletionContext =
  | { kind: "resource-type"; typed: string }
  | { kind: "resource-name"; typed: string }
  | { kind: "resource-output"; resource: string; typed: string }
  | undefined;

/** What the text just before the cursor asks to be completed. */
export function completionContext(lineBeforeCursor: string): CompletionContext {
  const type = /^\s*type:\s*([\w/.-]*)$/.exec(lineBeforeCursor);
  if (type) return { kind: "resource-type", typed: type[1] };
  const output = /\$\{resources\.([A-Za-z0-9_-]+)\.([\w.-]*)$/.exec(lineBeforeCursor);
  if (output) return { kind: "resource-output", resource: output[1], typed: output[2] };
  const name = /\$\{resources\.([A-Za-z0-9_-]*)$/.exec(lineBeforeCursor);
  if (name) return { kind: "resource-name", typed: name[1] };
  return undefined;
}

export function suggestions(ctx: CompletionContext, text: string, types: ResourceTypeHint[]): { label: string; detail: string }[] {
  if (!ctx) return [];
  if (ctx.kind === "resource-type") return types.map((t) => ({ label: t.type, detail: "resource type" }));
  const declared = declaredResources(text);
  if (ctx.kind === "resource-name") return Object.entries(declared).map(([name, type]) => ({ label: name, detail: type }));
  const type = declared[ctx.resource];
  const hint = types.find((t) => t.type === type);
  return (hint?.outputs ?? []).map((o) => ({ label: o, detail: `${type} output` }));
}
