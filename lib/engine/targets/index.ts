export type { TargetDescription, Target, TargetObjectRef, ApplyRequest, ApplyResult } from "./types";
export { MemoryTarget } from "./memory";
