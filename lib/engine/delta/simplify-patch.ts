import { applyJsonPatch, parsePointer } from "./json-patch";
import type { JsonPatchOp } from "./types";

/** A Humanitec `remove` carrying `{"scope":"delta"}` only edits the delta, never the set. */
export function isDeltaScopedRemove(op: { op: string; value?: unknown }): boolean {
  return op.op === "remove" && typeof op.value === "object" && op.value !== null && (op.value as { scope?: unknown }).scope === "delta";
}

/** A token that may address an array element; positions shift, so such paths are never folded. */
function mayIndexArray(token: string): boolean {
  return token === "-" || /^[0-9]+$/.test(token);
}

interface PlacedOp {
  op: JsonPatchOp;
  /** null when the path does not parse */
  tokens: string[] | null;
  /** an object path below the root: the only kind that is ever folded or superseded */
  simple: boolean;
}

function placedOf(op: JsonPatchOp): PlacedOp {
  try {
    const tokens = parsePointer(op.path);
    return { op, tokens, simple: tokens.length > 0 && !tokens.some(mayIndexArray) };
  } catch {
    return { op, tokens: null, simple: false };
  }
}

/** `prefix` is `path` or one of its ancestors. */
function isAtOrAbove(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((token, i) => token === path[i]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Minimises a patch list the way Humanitec simplifies a delta: a later write to a path
 * supersedes earlier operations at or below it, a write below an earlier `add`/`replace` of an
 * object is folded into that value, and `{"scope":"delta"}` removes drop the earlier operations
 * at or below their path and then disappear. Only object paths are touched; operations whose
 * path may index an array (`/0`, `/-`) keep their place, because positions shift.
 *
 * Guarantee (property-tested): wherever the original list applies, the simplified one applies
 * too and yields the same document.
 */
export function simplifyPatch(ops: readonly JsonPatchOp[]): JsonPatchOp[] {
  const out: PlacedOp[] = [];
  for (const op of ops) {
    const next = placedOf({ ...op });
    const { tokens } = next;
    if (isDeltaScopedRemove(op)) {
      if (tokens) dropWhere(out, (placed) => placed.tokens !== null && isAtOrAbove(tokens, placed.tokens));
      continue;
    }
    if (!next.simple || out.some((placed) => !placed.simple)) {
      // Something addresses an array: positions may have moved, so stop simplifying.
      out.push(next);
      continue;
    }
    place(out, next as PlacedOp & { tokens: string[] });
  }
  return out.map((placed) => placed.op);
}

function dropWhere(list: PlacedOp[], predicate: (placed: PlacedOp) => boolean): PlacedOp[] {
  const dropped: PlacedOp[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    if (predicate(list[i])) dropped.push(...list.splice(i, 1));
  }
  return dropped;
}

function place(out: PlacedOp[], next: PlacedOp & { tokens: string[] }): void {
  const { op, tokens } = next;
  // An earlier write to an ancestor may rely on what came before it (a `remove /a` needs the
  // `add /a/b` that created /a), so only operations after the last such write can be superseded.
  let barrier = -1;
  out.forEach((placed, i) => {
    if (placed.tokens!.length < tokens.length && isAtOrAbove(placed.tokens!, tokens)) barrier = i;
  });
  const below = out.filter((placed, i) => i > barrier && isAtOrAbove(tokens, placed.tokens!));
  // `add` creates missing parents, so an earlier add below this path may be what makes it exist.
  const belowCreates = below.some((placed) => placed.op.op === "add");
  if (op.op === "remove" && belowCreates) {
    if (!foldIntoAncestor(out, next)) out.push(next);
    return;
  }
  dropWhere(out, (placed) => below.includes(placed));
  if (foldIntoAncestor(out, next)) return;
  if (op.op === "replace" && belowCreates) op.op = "add";
  out.push(next);
}

/**
 * Writes `next` into the value of the closest earlier `add`/`replace` of an ancestor path, when
 * that is the last operation touching the path (nothing after it could be reordered).
 */
function foldIntoAncestor(out: PlacedOp[], next: PlacedOp & { tokens: string[] }): boolean {
  for (let i = out.length - 1; i >= 0; i--) {
    const placed = out[i];
    const overlaps = isAtOrAbove(placed.tokens!, next.tokens) || isAtOrAbove(next.tokens, placed.tokens!);
    if (!overlaps) continue;
    if ((placed.op.op !== "add" && placed.op.op !== "replace") || !isObject(placed.op.value)) return false;
    if (placed.tokens!.length >= next.tokens.length) return false;
    const relative = "/" + next.op.path.split("/").slice(placed.tokens!.length + 1).join("/");
    try {
      placed.op = { ...placed.op, value: applyJsonPatch(placed.op.value, [{ ...next.op, path: relative }]) };
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
