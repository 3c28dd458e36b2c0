import type { JsonPatchOp } from "./types";

/** Why a JSON Patch could not be applied; `index` is the operation's position in its list. */
export class JsonPatchError extends Error {
  constructor(
    message: string,
    readonly index: number,
    readonly path: string,
  ) {
    super(message);
    this.name = "JsonPatchError";
  }
}

/** RFC 6901: `~1` is `/`, `~0` is `~`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (forAdd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!forAdd && index === length)) throw new Error(`index ${index} is out of range`);
  return index;
}

/**
 * Applies add/remove/replace operations to a deep copy of `document` and returns it.
 * As in Humanitec's deltas, `add` creates missing intermediate objects (a patch such as
 * `/spec/pod/labels` must work on a module without `pod`), while `remove` and `replace`
 * require the target to exist.
 */
export function applyJsonPatch<T>(document: T, ops: readonly JsonPatchOp[]): T {
  let root: unknown = document === undefined ? undefined : JSON.parse(JSON.stringify(document));
  ops.forEach((op, index) => {
    let tokens: string[];
    try {
      tokens = parsePointer(op.path);
    } catch (err) {
      throw new JsonPatchError((err as Error).message, index, op.path);
    }
    if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") {
      throw new JsonPatchError(`unsupported operation "${String(op.op)}" (only add, remove, replace)`, index, op.path);
    }
    if ((op.op === "add" || op.op === "replace") && !("value" in op)) {
      throw new JsonPatchError(`"${op.op}" needs a value`, index, op.path);
    }
    const value = op.value === undefined ? undefined : JSON.parse(JSON.stringify(op.value));
    if (tokens.length === 0) {
      if (op.op === "remove") throw new JsonPatchError("cannot remove the whole document", index, op.path);
      root = value;
      return;
    }
    let parent: unknown = root;
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i];
      if (!isContainer(parent)) throw new JsonPatchError(`path ${op.path}: "${tokens.slice(0, i).join("/")}" is not an object`, index, op.path);
      let next: unknown;
      if (Array.isArray(parent)) {
        try {
          next = parent[arrayIndex(token, parent.length, false)];
        } catch (err) {
          throw new JsonPatchError(`path ${op.path}: ${(err as Error).message}`, index, op.path);
        }
      } else {
        next = parent[token];
        if (next === undefined || next === null) {
          if (op.op !== "add") throw new JsonPatchError(`path ${op.path}: "${token}" does not exist`, index, op.path);
          next = {};
          parent[token] = next;
        }
      }
      parent = next;
    }
    const last = tokens[tokens.length - 1];
    if (!isContainer(parent)) throw new JsonPatchError(`path ${op.path}: parent is not an object or array`, index, op.path);
    try {
      if (Array.isArray(parent)) {
        const at = arrayIndex(last, parent.length, op.op === "add");
        if (op.op === "add") parent.splice(at, 0, value);
        else if (op.op === "remove") parent.splice(at, 1);
        else parent[at] = value;
      } else if (op.op === "add") {
        parent[last] = value;
      } else {
        if (!(last in parent)) throw new Error(`"${last}" does not exist`);
        if (op.op === "remove") delete parent[last];
        else parent[last] = value;
      }
    } catch (err) {
      throw new JsonPatchError(`path ${op.path}: ${(err as Error).message}`, index, op.path);
    }
  });
  return root as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep(value[k])]));
  }
  return value;
}

/**
 * A minimal patch turning `from` into `to`: objects are diffed member by member (sorted keys,
 * so the result is deterministic); arrays and scalars that differ are replaced whole.
 */
export function diffJson(from: unknown, to: unknown, base: string[] = []): JsonPatchOp[] {
  if (sameJson(from, to)) return [];
  if (!isPlainObject(from) || !isPlainObject(to)) {
    return [{ op: "replace", path: formatPointer(base), value: to }];
  }
  const ops: JsonPatchOp[] = [];
  for (const key of Object.keys(from).sort()) {
    if (!(key in to) || to[key] === undefined) ops.push({ op: "remove", path: formatPointer([...base, key]) });
  }
  for (const key of Object.keys(to).sort()) {
    if (to[key] === undefined) continue;
    if (!(key in from) || from[key] === undefined) {
      ops.push({ op: "add", path: formatPointer([...base, key]), value: to[key] });
    } else {
      ops.push(...diffJson(from[key], to[key], [...base, key]));
    }
  }
  return ops;
}
