export { buildGraph, splitSharedPath, parseProvisionKey, IMPLICIT_RESOURCES, type Matcher, type BuildGraphInput, type BuildGraphResult } from "./build";
export { findCycle, topologicalOrder } from "./order";
export { selectNodes } from "./selectors";
export { guresid } from "./guresid";
export { nodeKey, type ResourceNode, type ResourceGraph, type GraphContext, type NodeOrigin } from "./types";
export type { PlanError, PlanErrorCode, PlanErrorScope } from "./errors";
export { dependencyGraph, type DependencyNode, type ProvisionRequest } from "./dependency-graph";
