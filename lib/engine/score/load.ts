import { runExtraValidation } from "./extra-validation";
import { fieldFromPointer } from "./json-pointer";
import { applyOverridesFile, applyPropertyOverride, OverrideError } from "./overrides";
import { validateScoreSchema } from "./schema-validator";
import type { JsonObject, ScoreError, ScoreStage, ScoreWorkload } from "./types";
import { applyUpgradeTransforms, PointerAliases } from "./upgrade";
import { parseScoreYaml, type ScoreSource } from "./yaml-source";

export interface LoadScoreOptions {
  /**
   * The Score file's name, for callers' bookkeeping; errors do not embed it (pass it to
   * formatScoreError to print `FILE: field: message (line, col)`).
   */
  file?: string;
  /** Image for every container whose `image` is exactly `.` (like `score-k8s generate --image`). */
  image?: string;
  /** Property overrides, `path.to.key=VALUE` (VALUE is YAML; an empty VALUE deletes the key). */
  overrides?: string[];
  /** Content of an overrides file, deep-merged before the property overrides. */
  overridesFile?: string | { text: string; file?: string };
}

export interface LoadScoreResult {
  /** The validated, upgraded workload; present only when there are no errors. */
  workload?: ScoreWorkload;
  errors: ScoreError[];
  /** Non-fatal notes, e.g. a deprecated array form that was upgraded. */
  warnings: ScoreError[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Builds located errors: the path is in the validated document, the position in the source. */
class ErrorFactory {
  constructor(
    private readonly source: ScoreSource,
    private readonly aliases: PointerAliases = new PointerAliases(),
  ) {}

  withAliases(aliases: PointerAliases): ErrorFactory {
    return new ErrorFactory(this.source, aliases);
  }

  make(stage: ScoreStage, path: string, message: string, opts: { hint?: string; anchor?: "key" | "value" } = {}): ScoreError {
    const location = this.source.locate(this.aliases.toSource(path));
    const anchor = opts.anchor ?? "value";
    const position = (anchor === "key" ? location.key ?? location.value : location.value ?? location.key) ?? { line: 1, column: 1 };
    const error: ScoreError = { stage, path, field: fieldFromPointer(path), line: position.line, column: position.column, message };
    if (opts.hint) {
      // Show the exact text to write, e.g. `wrap it in quotes: "0644"` (the decoded number would be 644).
      const quoteIt = opts.hint.endsWith("wrap it in quotes") && location.scalarSource && location.exact;
      error.hint = quoteIt ? `${opts.hint}: ${JSON.stringify(location.scalarSource)}` : opts.hint;
    }
    return error;
  }
}

/** The CLI pre-check (score-k8s / score-compose): metadata must be a map with a non-empty name. */
function preCheck(raw: JsonObject, errors: ErrorFactory): ScoreError[] {
  const metadata = raw.metadata;
  if (!isObject(metadata)) {
    return [errors.make("pre-check", "/metadata", "workload is missing required metadata", { anchor: "key" })];
  }
  if (typeof metadata.name !== "string" || metadata.name === "") {
    return [errors.make("pre-check", "/metadata/name", "workload has empty metadata.name", { anchor: "key" })];
  }
  return [];
}

function applyOverrides(raw: JsonObject, options: LoadScoreOptions): JsonObject {
  let spec = raw;
  if (options.overridesFile !== undefined) {
    const { text, file } = typeof options.overridesFile === "string" ? { text: options.overridesFile, file: undefined } : options.overridesFile;
    spec = applyOverridesFile(spec, text, file);
  }
  for (const entry of options.overrides ?? []) spec = applyPropertyOverride(spec, entry);
  return spec;
}

function byPosition(a: ScoreError, b: ScoreError): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Loads one Score file: parse (keeping positions) → pre-check → overrides → legacy upgrade →
 * official schema → score-go's extra checks → `image: .` replacement. Never throws for bad input:
 * every problem is returned as a located ScoreError.
 */
export function loadScore(text: string, options: LoadScoreOptions = {}): LoadScoreResult {
  const parsed = parseScoreYaml(text);
  if (!parsed.ok) {
    return {
      errors: parsed.problems.map((p) => ({
        stage: "yaml-decode" as const,
        path: "",
        field: "",
        line: p.position.line,
        column: p.position.column,
        message: p.message,
      })),
      warnings: [],
    };
  }
  const source = parsed.source;
  const errorsAt = new ErrorFactory(source);
  const raw = source.value as JsonObject;

  // Reported, but not fatal: the later stages still give the full picture.
  const errors: ScoreError[] = preCheck(raw, errorsAt);

  let spec: JsonObject;
  try {
    spec = applyOverrides(raw, options);
  } catch (err) {
    if (!(err instanceof OverrideError)) throw err;
    return { errors: [...errors, errorsAt.make("overrides", "", err.message)], warnings: [] };
  }

  // The upgrade works in place; `raw` is a fresh decode that nothing else reads afterwards.
  const upgrade = applyUpgradeTransforms(spec);
  const warnings = upgrade.changes.map((change) =>
    errorsAt.make("upgrade", change.path, `deprecated form upgraded (${change.description})`, {
      hint: "write files and volumes as maps keyed by the target path, and use readOnly",
      anchor: "key",
    }),
  );
  if (upgrade.error) {
    errors.push(errorsAt.make("upgrade", upgrade.error.path, upgrade.error.message, { anchor: "key" }));
    return { errors: errors.sort(byPosition), warnings };
  }
  const located = errorsAt.withAliases(upgrade.aliases);

  const schemaProblems = validateScoreSchema(spec);
  if (schemaProblems.length > 0) {
    for (const p of schemaProblems) errors.push(located.make("schema", p.path, p.message, { hint: p.hint, anchor: p.anchor }));
    return { errors: errors.sort(byPosition), warnings };
  }
  const workload = spec as unknown as ScoreWorkload;

  for (const p of runExtraValidation(workload)) errors.push(located.make("extra-validation", p.path, p.message));
  if (errors.length > 0) return { errors: errors.sort(byPosition), warnings };

  if (options.image !== undefined) applyImageOverride(workload, options.image);
  return { workload, errors: [], warnings };
}

/** Sets `image` on every container whose image is exactly `.`; returns the names it changed. */
export function applyImageOverride(workload: ScoreWorkload, image: string): string[] {
  const changed: string[] = [];
  for (const [name, container] of Object.entries(workload.containers)) {
    if (container.image === ".") {
      container.image = image;
      changed.push(name);
    }
  }
  return changed;
}

/** Containers still waiting for an image (`image: .`), which cannot be deployed as they are. */
export function containersWithoutImage(workload: ScoreWorkload): string[] {
  return Object.entries(workload.containers)
    .filter(([, c]) => c.image === ".")
    .map(([name]) => name)
    .sort();
}
