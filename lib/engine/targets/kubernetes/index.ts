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
