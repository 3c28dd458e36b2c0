export { renderObjects, dedupeObjects, defaultNamespace, type RenderInput, type RenderResult } from "./render";
export { renderWorkload, type RenderWorkloadInput, type RenderWorkloadResult } from "./workload";
export { validateObjects, checkObject, objectId } from "./validate";
export { workloadLabels, selectorLabels, instanceLabel, environmentLabels, MANAGED_BY, APP_LABEL, ENV_LABEL, type RenderScope } from "./labels";
export { maskLeaves, maskSecretObject, MASK } from "./mask";
