export * from "./model";
export { ACTION_SPECS, actionOf, durationSeconds } from "./actions";
export { referencesIn, resolveInputs } from "./expressions";
export { DEPLOYMENT_REQUEST_INPUTS, checkRunInputs, parsePipelineYaml, type ParsePipelineResult } from "./parse";
export { pipelineJsonSchema } from "./json-schema";
