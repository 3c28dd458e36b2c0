/**
 * Score (score.dev/v1b1) support for the Baton engine: parse with positions, legacy upgrade,
 * official-schema validation, score-go's extra checks, overrides, `image: .`, and placeholders.
 * Pure TypeScript: no file system, no network.
 */
export type {
  JsonObject,
  ScoreContainer,
  ScoreContainerFile,
  ScoreContainerProbe,
  ScoreContainerVolume,
  ScoreError,
  ScoreExecProbe,
  ScoreHttpHeader,
  ScoreHttpProbe,
  ScoreReadyCondition,
  ScoreResource,
  ScoreResourceMetadata,
  ScoreResourcesLimits,
  ScoreService,
  ScoreServicePort,
  ScoreStage,
  ScoreWorkload,
  ScoreWorkloadMetadata,
} from "./types";
export { loadScore, applyImageOverride, containersWithoutImage } from "./load";
export type { LoadScoreOptions, LoadScoreResult } from "./load";
export { formatScoreError } from "./format";
export { parseScoreYaml } from "./yaml-source";
export type { ParseResult, ScoreSource, SourceLocation, SourcePosition } from "./yaml-source";
export { applyUpgradeTransforms, PointerAliases } from "./upgrade";
export type { UpgradeChange, UpgradeResult } from "./upgrade";
export { validateScoreSchema, deriveUpgradedSchema, officialScoreSchema } from "./schema-validator";
export type { SchemaProblem, SchemaVariant } from "./schema-validator";
export { runExtraValidation, validatePlaceholderReferences, validateContainerOrder } from "./extra-validation";
export type { ExtraProblem } from "./extra-validation";
export {
  applyOverridesFile,
  applyPropertyOverride,
  overrideMapInMap,
  overridePathInMap,
  OverrideError,
  parseDotPath,
} from "./overrides";
export {
  createWorkloadResolver,
  encodeJsonLikeGo,
  findPlaceholders,
  lookupInMap,
  PlaceholderError,
  PlaceholderLookupError,
  splitPlaceholderPath,
  stringifyResolved,
  substituteInValue,
  substitutePlaceholders,
} from "./placeholders";
export type {
  PlaceholderMatch,
  PlaceholderResolve,
  ResolverOptions,
  ResourceOutputs,
  WorkloadPlaceholderContext,
} from "./placeholders";
export {
  substituteContainer,
  substituteFileContent,
  substituteResourceParams,
  substituteWorkload,
} from "./substitute-workload";
export type { SubstitutionProblem, SubstitutionResult } from "./substitute-workload";
export { escapePointerSegment, fieldFromPointer, pointerFromSegments, segmentsFromPointer } from "./json-pointer";
