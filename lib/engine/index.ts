/**
 * The public surface of Baton's engine: pure TypeScript, Score in, resource graph and
 * Kubernetes objects out. `plan()` runs the whole pipeline; the folders are also exported as
 * namespaces for callers that need one stage (the server, the CLI, the editor).
 */
export { plan, type Plan, type PlanInput, type PlanNode, type PlanContext, type PlanWorkload } from "./plan";
export type { PlanError, PlanErrorCode, PlanErrorScope } from "./graph/errors";
export type { ResourceDefinition, MatchingCriterion, MatchRequest, ProvisionEntry, DriverInputs } from "./model/definition";
export type { DeploymentSet, DeploymentDelta, Module, JsonPatchOp } from "./delta/types";
export type { ActiveResource } from "./drivers/active-resource";
export type { SharedValue } from "./placeholders/resolver";
export type { TargetDescription, Target } from "./targets/types";

export * as delta from "./delta";
export * as graph from "./graph";
export * as placeholders from "./placeholders";
export * as drivers from "./drivers";
export * as render from "./render";
export * as targets from "./targets";
export * as score from "./score";
export * as gotemplate from "./gotemplate";
export * as matching from "./matching";
export * as resourceTypes from "./resource-types";
export * as definitions from "./definitions";
export * as pack from "./pack";
