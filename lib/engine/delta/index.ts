export * from "./types";
export { applyDelta, setId, type ApplyDeltaResult, type DeltaError } from "./apply";
export { diffSets, isEmptyDelta } from "./diff";
export { mergeDeltas, type MergeableDelta, type DeltaMetadata } from "./merge";
export { simplifyPatch, isDeltaScopedRemove } from "./simplify-patch";
export { applyJsonPatch, diffJson, parsePointer, formatPointer, JsonPatchError } from "./json-patch";
export { canonicalJson, contentHash, sha256Hex } from "./canonical";
export {
  convertScoreWorkload,
  scoreToDelta,
  scoreResourceResId,
  type ScoreConversion,
  type ScoreConversionOptions,
  type ScoreDeltaResult,
  type ConversionError,
  type SharedDeclaration,
} from "./from-score";
