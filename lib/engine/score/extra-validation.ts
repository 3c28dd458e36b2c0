import { pointerFromSegments } from "./json-pointer";
import { findPlaceholders } from "./placeholders";
import type { ScoreWorkload } from "./types";

/** A problem found by the checks score-go's `loader.Validate` runs after the schema. */
export interface ExtraProblem {
  path: string;
  message: string;
}

/**
 * One placeholder path segment. score-go accepts `[a-zA-Z0-9_-]+`; Baton also accepts `\.`-escaped
 * dots and `/` inside a segment, because score-k8s resolves `${metadata.annotations.example\.com/team}`
 * correctly and the spec documents `\.` for dotted keys (score-compose alone rejects it, score.md §11.3).
 */
const PLACEHOLDER_SEGMENT = /^[a-zA-Z0-9_./-]+$/;

const MALFORMED_SUFFIX =
  'is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"';

type Segments = (string | number)[];

const isWellFormedSegment = (part: string) => PLACEHOLDER_SEGMENT.test(part) && part !== "." && !part.startsWith(".") && !part.endsWith(".");

/**
 * Visits every placeholder-bearing string the way loader.Validate does. The location is passed as
 * segments: the pointer is only built for strings that have a problem.
 */
function forEachSubstitutedString(workload: ScoreWorkload, visit: (segments: Segments, text: string) => void): void {
  for (const [containerName, container] of Object.entries(workload.containers ?? {})) {
    for (const [name, value] of Object.entries(container.variables ?? {})) {
      visit(["containers", containerName, "variables", name], value);
    }
    for (const [target, file] of Object.entries(container.files ?? {})) {
      if (file.noExpand || typeof file.content !== "string") continue;
      visit(["containers", containerName, "files", target, "content"], file.content);
    }
    for (const [target, volume] of Object.entries(container.volumes ?? {})) {
      visit(["containers", containerName, "volumes", target, "source"], volume.source);
    }
  }
  for (const [resourceName, resource] of Object.entries(workload.resources ?? {})) {
    if (resource.params !== undefined) {
      visitNestedStrings(resource.params, ["resources", resourceName, "params"], visit);
    }
  }
}

function visitNestedStrings(value: unknown, segments: Segments, visit: (segments: Segments, text: string) => void): void {
  if (typeof value === "string") visit(segments, value);
  else if (Array.isArray(value)) value.forEach((item, i) => visitNestedStrings(item, [...segments, i], visit));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) visitNestedStrings(v, [...segments, k], visit);
  }
}

/** Placeholders must be well formed, start with `metadata` or `resources`, and name a declared resource. */
export function validatePlaceholderReferences(workload: ScoreWorkload): ExtraProblem[] {
  const problems: ExtraProblem[] = [];
  const resources = workload.resources ?? {};
  forEachSubstitutedString(workload, (segments, text) => {
    if (!text.includes("$")) return;
    // the pointer is built only for a string with a problem (no closure per string: hot path)
    for (const { ref, parts } of findPlaceholders(text)) {
      const placeholder = "${" + ref + "}";
      if (parts.length < 2 || !parts.every(isWellFormedSegment)) {
        problems.push({ path: pointerFromSegments(segments), message: `placeholder ${placeholder} ${MALFORMED_SUFFIX}` });
      } else if (parts[0] !== "metadata" && parts[0] !== "resources") {
        problems.push({ path: pointerFromSegments(segments), message: `placeholder ${placeholder} has unsupported first element of "${parts[0]}"` });
      } else if (parts[0] === "resources" && !Object.prototype.hasOwnProperty.call(resources, parts[1])) {
        problems.push({
          path: pointerFromSegments(segments),
          message: `placeholder ${placeholder} does not resolve to a resource, no resource with name "${parts[1]}"`,
        });
      }
    }
  });
  return problems;
}

/**
 * `before` entries must name another existing container, and the relationships must not form a
 * cycle. Self-references and unknown names are reported on their own and left out of the cycle check.
 */
export function validateContainerOrder(workload: ScoreWorkload): ExtraProblem[] {
  const problems: ExtraProblem[] = [];
  const containers = workload.containers ?? {};
  const names = Object.keys(containers).sort();
  const edges = new Map<string, string[]>();
  for (const name of names) {
    const targets: string[] = [];
    for (const other of Object.keys(containers[name].before ?? {}).sort()) {
      const path = pointerFromSegments(["containers", name, "before", other]);
      if (other === name) problems.push({ path, message: `container "${name}" has a self-referencing before entry` });
      else if (!Object.prototype.hasOwnProperty.call(containers, other)) {
        problems.push({ path, message: `container "${name}" before refers to unknown container "${other}"` });
      } else targets.push(other);
    }
    edges.set(name, targets);
  }

  const cycleEdge = findCycleEdge(names, edges);
  if (cycleEdge) {
    problems.push({
      path: pointerFromSegments(["containers", cycleEdge[0], "before", cycleEdge[1]]),
      message: "containers before relationships contain a cycle",
    });
  }
  return problems;
}

/** Depth-first search; returns one edge that closes a cycle, or undefined. */
function findCycleEdge(nodes: string[], edges: Map<string, string[]>): [string, string] | undefined {
  const state = new Map<string, "visiting" | "done">();
  for (const node of nodes) {
    if (state.get(node) === undefined) {
      const found = visitForCycle(node, edges, state);
      if (found) return found;
    }
  }
  return undefined;
}

/** Depth-first visit (module level: no closure per workload). */
function visitForCycle(node: string, edges: Map<string, string[]>, state: Map<string, "visiting" | "done">): [string, string] | undefined {
  state.set(node, "visiting");
  for (const next of edges.get(node) ?? []) {
    const s = state.get(next);
    if (s === "visiting") return [node, next];
    if (s === undefined) {
      const found = visitForCycle(next, edges, state);
      if (found) return found;
    }
  }
  state.set(node, "done");
  return undefined;
}

/** Every check of score-go's loader.Validate that the schema cannot express. */
export function runExtraValidation(workload: ScoreWorkload): ExtraProblem[] {
  return [...validatePlaceholderReferences(workload), ...validateContainerOrder(workload)];
}
