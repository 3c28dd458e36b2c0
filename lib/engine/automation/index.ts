/**
 * Automation rules, the pure part: which rule a new artefact version fires, and what it
 * changes in a deployment set (the image of every container on that image's repository).
 */
import { compileGoRegexp, RegexpSyntaxError, type GoRegexp } from "../gotemplate/regexp";
import { formatPointer } from "../delta/json-patch";
import type { DeploymentDelta, DeploymentSet, JsonPatchOp } from "../delta/types";

export interface RuleFilter {
  active: boolean;
  artefactsFilter: string[];
  excludeArtefactsFilter: boolean;
  matchRef: string;
}

export type RefPatternResult = { ok: true; regexp: GoRegexp | undefined } | { ok: false; message: string; position: number };

/**
 * Compiles `match_ref` as Go's regexp does (RE2 syntax, unanchored like MatchString; an empty
 * pattern matches every ref). On a syntax error, `position` is the 1-based character where the
 * offending part starts (the end of the pattern for a missing closing bracket).
 */
export function compileRefPattern(expr: string): RefPatternResult {
  if (expr === "") return { ok: true, regexp: undefined };
  try {
    return { ok: true, regexp: compileGoRegexp(expr) };
  } catch (err) {
    if (!(err instanceof RegexpSyntaxError)) throw err;
    const at = err.description.startsWith("missing closing") || err.fragment === "" ? expr.length : expr.indexOf(err.fragment);
    return { ok: false, message: err.message, position: Math.max(0, at) + 1 };
  }
}

/** Whether the rule fires for a new version of container image `name` registered with `ref`. */
export function ruleMatches(rule: RuleFilter, version: { name: string; ref: string }): boolean {
  if (!rule.active) return false;
  const listed = rule.artefactsFilter.includes(version.name);
  if (rule.artefactsFilter.length > 0 && listed === rule.excludeArtefactsFilter) return false;
  const pattern = compileRefPattern(rule.matchRef);
  // A stored pattern was checked when the rule was saved; one that no longer compiles matches nothing.
  if (!pattern.ok) return false;
  return pattern.regexp === undefined || pattern.regexp.pattern.matcher(version.ref).find();
}

/** `registry/repo:tag@sha256:…` → `registry/repo` (a port in the registry host is not a tag). */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0];
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}

export interface ImageUpdate {
  workloadId: string;
  container: string;
  from: string;
}

/**
 * The delta that puts `image` in every container of `set` whose image is on `repository`,
 * and what it changes; containers already on `image` are left alone.
 */
export function imageUpdateDelta(set: DeploymentSet, repository: string, image: string): { delta: DeploymentDelta; updates: ImageUpdate[] } {
  const update: Record<string, JsonPatchOp[]> = {};
  const updates: ImageUpdate[] = [];
  for (const [workloadId, mod] of Object.entries(set.modules)) {
    const containers = (mod.spec.containers ?? {}) as Record<string, { image?: unknown }>;
    for (const [name, c] of Object.entries(containers)) {
      if (typeof c?.image !== "string" || c.image === image || imageRepository(c.image) !== repository) continue;
      (update[workloadId] ??= []).push({ op: "replace", path: formatPointer(["spec", "containers", name, "image"]), value: image });
      updates.push({ workloadId, container: name, from: c.image });
    }
  }
  return { delta: { modules: { update } }, updates };
}
