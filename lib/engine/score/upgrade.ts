import { escapePointerSegment, pointerFromSegments } from "./json-pointer";
import type { JsonObject } from "./types";

/** Maps pointers in the upgraded document back to where the value was written in the source. */
export class PointerAliases {
  private readonly aliases = new Map<string, string>();

  add(upgradedPrefix: string, sourcePrefix: string): void {
    this.aliases.set(upgradedPrefix, sourcePrefix);
  }

  get size(): number {
    return this.aliases.size;
  }

  /** Rewrites the longest aliased prefix of `pointer`; pointers with no alias are returned unchanged. */
  toSource(pointer: string): string {
    let best: string | undefined;
    for (const prefix of this.aliases.keys()) {
      if ((pointer === prefix || pointer.startsWith(prefix + "/")) && (best === undefined || prefix.length > best.length)) {
        best = prefix;
      }
    }
    if (best === undefined) return pointer;
    return this.aliases.get(best)! + pointer.slice(best.length);
  }
}

/** One applied upgrade, located at the legacy form in the source. */
export interface UpgradeChange {
  /** JSON pointer of the legacy value in the source document. */
  path: string;
  /** Worded like score-go, e.g. "containers.web.files: migrated to object". */
  description: string;
}

export interface UpgradeResult {
  changes: UpgradeChange[];
  aliases: PointerAliases;
  /** Set when a legacy array item has no string `target`; score-go stops there. */
  error?: { path: string; message: string };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Go's fmt.Sprint for the scalar values YAML can hold, used when joining legacy content lines. */
function goSprint(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `[${value.map(goSprint).join(" ")}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${k}:${goSprint(value[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(value);
}

/**
 * Applies score-go's `ApplyCommonUpgradeTransforms` in place, before schema validation:
 * legacy array `files` / `volumes` become maps keyed by `target` (which is removed), an array
 * `content` in a legacy file is joined with newlines, and a boolean `read_only` becomes `readOnly`.
 * Non-map array items are dropped, exactly as score-go does.
 */
export function applyUpgradeTransforms(raw: JsonObject): UpgradeResult {
  const changes: UpgradeChange[] = [];
  const aliases = new PointerAliases();
  const containers = raw.containers;
  if (!isObject(containers)) return { changes, aliases };

  for (const [name, container] of Object.entries(containers)) {
    if (!isObject(container)) continue;

    if (Array.isArray(container.files)) {
      const filesAsMap: JsonObject = {};
      for (const [index, item] of container.files.entries()) {
        if (!isObject(item)) continue;
        if (Array.isArray(item.content)) {
          item.content = item.content.map(goSprint).join("\n");
          changes.push({
            path: pointerFromSegments(["containers", name, "files", index, "content"]),
            description: `containers.${name}.files.${index}.content: converted from array`,
          });
        }
        if (typeof item.target !== "string") {
          return {
            changes,
            aliases,
            error: {
              path: pointerFromSegments(["containers", name, "files", index, "target"]),
              message: "is missing or is not a string",
            },
          };
        }
        const target = item.target;
        delete item.target;
        filesAsMap[target] = item;
        aliases.add(
          pointerFromSegments(["containers", name, "files"]) + "/" + escapePointerSegment(target),
          pointerFromSegments(["containers", name, "files", index]),
        );
      }
      container.files = filesAsMap;
      changes.push({
        path: pointerFromSegments(["containers", name, "files"]),
        description: `containers.${name}.files: migrated to object`,
      });
    }

    if (Array.isArray(container.volumes)) {
      const volumesAsMap: JsonObject = {};
      for (const [index, item] of container.volumes.entries()) {
        if (!isObject(item)) continue;
        let renamedReadOnly = false;
        if (typeof item.read_only === "boolean") {
          const readOnly = item.read_only;
          delete item.read_only;
          item.readOnly = readOnly;
          renamedReadOnly = true;
          changes.push({
            path: pointerFromSegments(["containers", name, "volumes", index, "read_only"]),
            description: `containers.${name}.volumes.${index}.read_only: migrated to readOnly`,
          });
        }
        if (typeof item.target !== "string") {
          return {
            changes,
            aliases,
            error: {
              path: pointerFromSegments(["containers", name, "volumes", index, "target"]),
              message: "is missing or is not a string",
            },
          };
        }
        const target = item.target;
        delete item.target;
        volumesAsMap[target] = item;
        const upgraded = pointerFromSegments(["containers", name, "volumes"]) + "/" + escapePointerSegment(target);
        const source = pointerFromSegments(["containers", name, "volumes", index]);
        aliases.add(upgraded, source);
        if (renamedReadOnly) aliases.add(`${upgraded}/readOnly`, `${source}/read_only`);
      }
      container.volumes = volumesAsMap;
      changes.push({
        path: pointerFromSegments(["containers", name, "volumes"]),
        description: `containers.${name}.volumes: migrated to object`,
      });
    }
  }
  return { changes, aliases };
}
