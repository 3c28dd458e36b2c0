/**
 * The expressions a step's arguments may hold: `${{ inputs.NAME }}` (also written
 * `${{ pipeline.inputs.NAME }}` or `${{ pipeline.trigger.inputs.NAME }}`), replaced by the
 * run's input when the step runs. Nothing else is evaluated, so no document can make the
 * server do unbounded work.
 */

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const INPUT_REFERENCE = /^(?:pipeline\.(?:trigger\.)?)?inputs\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/** The input names a string refers to, and the expressions that are not input references. */
export function referencesIn(text: string): { inputs: string[]; invalid: string[] } {
  const inputs: string[] = [];
  const invalid: string[] = [];
  for (const m of text.matchAll(EXPRESSION)) {
    const name = INPUT_REFERENCE.exec(m[1])?.[1];
    if (name) inputs.push(name);
    else invalid.push(m[0]);
  }
  return { inputs, invalid };
}

/**
 * Replaces the input references in every string of `value`. A string that is one reference
 * takes the input's own value (a number stays a number); missing inputs become "".
 */
export function resolveInputs(value: unknown, inputs: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{\{\s*([^}]*?)\s*\}\}$/.exec(value);
    const wholeName = whole ? INPUT_REFERENCE.exec(whole[1])?.[1] : undefined;
    if (wholeName) return inputs[wholeName] ?? "";
    return value.replace(EXPRESSION, (all, expr: string) => {
      const name = INPUT_REFERENCE.exec(expr)?.[1];
      return name ? String(inputs[name] ?? "") : all;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveInputs(v, inputs));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveInputs(v, inputs)]));
  return value;
}
