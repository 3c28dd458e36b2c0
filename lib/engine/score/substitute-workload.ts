import { fieldFromPointer, pointerFromSegments } from "./json-pointer";
import {
  createWorkloadResolver,
  PlaceholderError,
  substituteInValue,
  substitutePlaceholders,
  type PlaceholderResolve,
  type WorkloadPlaceholderContext,
} from "./placeholders";
import type { ScoreContainer, ScoreResource, ScoreWorkload } from "./types";

/** A substitution failure, located by JSON pointer like validation errors. */
export interface SubstitutionProblem {
  path: string;
  field: string;
  message: string;
}

export interface SubstitutionResult<T> {
  value: T;
  problems: SubstitutionProblem[];
}

function problemsAt(segments: (string | number)[], err: unknown): SubstitutionProblem[] {
  const path = pointerFromSegments(segments);
  const field = fieldFromPointer(path);
  if (err instanceof PlaceholderError) return err.problems.map((message) => ({ path, field, message }));
  return [{ path, field, message: err instanceof Error ? err.message : String(err) }];
}

/**
 * Substitutes a file's content unless it must not be expanded (`noExpand: true`, or the file is
 * given as `binaryContent`). Use it too for the content a caller read from a file's `source`.
 */
export function substituteFileContent(
  content: string,
  file: { noExpand?: boolean; binaryContent?: string },
  resolve: PlaceholderResolve,
): string {
  if (file.noExpand || file.binaryContent !== undefined) return content;
  return substitutePlaceholders(content, resolve);
}

/**
 * Substitutes the fields of one container where the spec allows placeholders: `variables` values,
 * inline file `content`, and volume `source` (which alone may use the bare `${resources.NAME}`).
 * `image`, `command`, `args`, probes and a file's `source` path are passed through verbatim.
 */
export function substituteContainer(
  containerName: string,
  container: ScoreContainer,
  ctx: WorkloadPlaceholderContext,
): SubstitutionResult<ScoreContainer> {
  const resolve = createWorkloadResolver(ctx);
  const resolveVolumeSource = createWorkloadResolver(ctx, { allowBareResource: true });
  const problems: SubstitutionProblem[] = [];
  const out: ScoreContainer = { ...container };
  const base = ["containers", containerName];

  if (container.variables) {
    out.variables = {};
    for (const [name, value] of Object.entries(container.variables)) {
      try {
        out.variables[name] = substitutePlaceholders(value, resolve);
      } catch (err) {
        problems.push(...problemsAt([...base, "variables", name], err));
      }
    }
  }
  if (container.files) {
    out.files = {};
    for (const [target, file] of Object.entries(container.files)) {
      const copy = { ...file };
      if (typeof file.content === "string") {
        try {
          copy.content = substituteFileContent(file.content, file, resolve);
        } catch (err) {
          problems.push(...problemsAt([...base, "files", target, "content"], err));
        }
      }
      out.files[target] = copy;
    }
  }
  if (container.volumes) {
    out.volumes = {};
    for (const [target, volume] of Object.entries(container.volumes)) {
      const copy = { ...volume };
      try {
        copy.source = substitutePlaceholders(volume.source, resolveVolumeSource);
      } catch (err) {
        problems.push(...problemsAt([...base, "volumes", target, "source"], err));
      }
      out.volumes[target] = copy;
    }
  }
  return { value: out, problems };
}

/** Substitutes every container of a workload (see substituteContainer). */
export function substituteWorkload(workload: ScoreWorkload, ctx: WorkloadPlaceholderContext): SubstitutionResult<ScoreWorkload> {
  const problems: SubstitutionProblem[] = [];
  const containers: Record<string, ScoreContainer> = {};
  for (const [name, container] of Object.entries(workload.containers)) {
    const result = substituteContainer(name, container, ctx);
    containers[name] = result.value;
    problems.push(...result.problems);
  }
  return { value: { ...workload, containers }, problems };
}

/**
 * Substitutes all strings nested under a resource's `params`, before it is provisioned. `ctx` is the
 * resource's source workload (its metadata) plus the outputs of resources provisioned before it.
 */
export function substituteResourceParams(
  resourceName: string,
  resource: ScoreResource,
  ctx: WorkloadPlaceholderContext,
): SubstitutionResult<Record<string, unknown> | undefined> {
  if (resource.params === undefined) return { value: undefined, problems: [] };
  try {
    const value = substituteInValue(resource.params, createWorkloadResolver(ctx)) as Record<string, unknown>;
    return { value, problems: [] };
  } catch (err) {
    return { value: resource.params, problems: problemsAt(["resources", resourceName, "params"], err) };
  }
}
