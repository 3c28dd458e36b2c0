/**
 * Score's placeholder syntax (score.md §5), just enough to translate Score strings into
 * Humanitec placeholders: `$$` is a literal `$`, `${…}` runs to the first `}`, and `\.` is a
 * literal dot inside a path segment.
 */

export type ScoreToken = { kind: "text"; text: string } | { kind: "ref"; raw: string; path: string[] };

export function tokenizeScoreString(input: string): ScoreToken[] {
  const tokens: ScoreToken[] = [];
  let text = "";
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch === "$" && input[i + 1] === "$") {
      text += "$";
      i += 2;
      continue;
    }
    if (ch === "$" && input[i + 1] === "{") {
      const end = input.indexOf("}", i + 2);
      if (end < 0) {
        text += input.slice(i);
        break;
      }
      if (text) tokens.push({ kind: "text", text });
      text = "";
      const raw = input.slice(i + 2, end);
      tokens.push({ kind: "ref", raw, path: splitScorePath(raw) });
      i = end + 1;
      continue;
    }
    text += ch;
    i++;
  }
  if (text) tokens.push({ kind: "text", text });
  return tokens;
}

/** `a.b\.c.d` → ["a", "b.c", "d"]. */
export function splitScorePath(raw: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "\\" && raw[i + 1] === ".") {
      current += ".";
      i++;
    } else if (raw[i] === ".") {
      parts.push(current);
      current = "";
    } else {
      current += raw[i];
    }
  }
  parts.push(current);
  return parts;
}

/** Text that must reach the Humanitec resolver literally: `${` is escaped as `$${`. */
export function escapeHumanitecLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${");
}
