export {
  tokenize,
  hasPlaceholder,
  parseReference,
  parseSelector,
  PlaceholderSyntaxError,
  type PlaceholderToken,
  type Reference,
  type ResourceSelector,
} from "./parse";
export {
  substituteString,
  substituteDeep,
  collectReferences,
  walkPath,
  type Resolved,
  type ResolveResult,
  type ReferenceResolver,
  type PlaceholderIssue,
  type SubstituteResult,
} from "./substitute";
export { createResolver, type SharedValue, type ResourceOutputs, type ResolverState, type ResolverScope } from "./resolver";
