/** The Kubernetes target (README.md in this folder): apply, prune, rollout wait, cluster check. */
export { createKubernetesTarget, type KubernetesTarget, type KubernetesTargetOptions } from "./target";
export { targetFromClusterOutputs, connectionFromClusterOutputs, type ClusterOutputsOptions } from "./outputs";
export { checkCluster, REQUIRED_PERMISSIONS, type ClusterCheck, type ClusterCheckOptions, type ClusterCheckProblem, type RequiredPermission } from "./check";
export { KubernetesTargetError, type KubernetesErrorCode, type KubernetesErrorRecord, type FieldConflict } from "./errors";
export { connectionProblems, type ClusterConnection } from "./connection";
export { createKubeHttp, KubeTransportError, type KubeHttp, type KubeRequest, type KubeResponse } from "./http";
export { applySetId, applySetParentName, LABEL_PART_OF, LABEL_ID, TOOLING as APPLYSET_TOOLING } from "./applyset";
export { FIELD_MANAGER } from "./apply";
export { deploymentRollout, statefulSetRollout } from "./rollout";
export { readEnvironmentRuntime, assembleRuntime, statusClassOf, PAUSED_REPLICAS_ANNOTATION, type EnvironmentRuntime, type WorkloadRuntime, type ControllerRuntime, type PodRuntime, type ContainerRuntime, type RuntimeEvent, type RuntimeStatus, type RuntimeStatusClass, type RuntimeScope } from "./runtime";
export { scaleWorkloads, setEnvironmentPaused, restartWorkload, readContainerLog, RUNTIME_FIELD_MANAGER, MAX_TAIL_LINES, type LogRequest } from "./runtime-actions";
