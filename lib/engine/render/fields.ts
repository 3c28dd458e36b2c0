/** Fields of the Kubernetes objects Baton writes itself, for the unknown-field check (API v1.31). */

export const OBJECT_META = new Set(["name", "generateName", "namespace", "labels", "annotations", "ownerReferences", "finalizers", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"]);

export const POD_SPEC = new Set(["activeDeadlineSeconds", "affinity", "automountServiceAccountToken", "containers", "dnsConfig", "dnsPolicy", "enableServiceLinks", "ephemeralContainers", "hostAliases", "hostIPC", "hostNetwork", "hostPID", "hostUsers", "hostname", "imagePullSecrets", "initContainers", "nodeName", "nodeSelector", "os", "overhead", "preemptionPolicy", "priority", "priorityClassName", "readinessGates", "resourceClaims", "resources", "restartPolicy", "runtimeClassName", "schedulerName", "schedulingGates", "securityContext", "serviceAccount", "serviceAccountName", "setHostnameAsFQDN", "shareProcessNamespace", "subdomain", "terminationGracePeriodSeconds", "tolerations", "topologySpreadConstraints", "volumes"]);

export const CONTAINER = new Set(["args", "command", "env", "envFrom", "image", "imagePullPolicy", "lifecycle", "livenessProbe", "name", "ports", "readinessProbe", "resizePolicy", "resources", "restartPolicy", "securityContext", "startupProbe", "stdin", "stdinOnce", "terminationMessagePath", "terminationMessagePolicy", "tty", "volumeDevices", "volumeMounts", "workingDir"]);

export const DEPLOYMENT_SPEC = new Set(["replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused", "progressDeadlineSeconds"]);

export const STATEFULSET_SPEC = new Set(["replicas", "selector", "template", "serviceName", "volumeClaimTemplates", "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals"]);

export const SERVICE_SPEC = new Set(["allocateLoadBalancerNodePorts", "clusterIP", "clusterIPs", "externalIPs", "externalName", "externalTrafficPolicy", "healthCheckNodePort", "internalTrafficPolicy", "ipFamilies", "ipFamilyPolicy", "loadBalancerClass", "loadBalancerIP", "loadBalancerSourceRanges", "ports", "publishNotReadyAddresses", "selector", "sessionAffinity", "sessionAffinityConfig", "type", "trafficDistribution"]);

export const SERVICE_PORT = new Set(["appProtocol", "name", "nodePort", "port", "protocol", "targetPort"]);

/** Top-level keys per kind (apiVersion/kind/metadata always allowed). */
export const TOP_LEVEL: Record<string, Set<string>> = {
  ConfigMap: new Set(["data", "binaryData", "immutable"]),
  Secret: new Set(["data", "stringData", "type", "immutable"]),
  Namespace: new Set(["spec", "status"]),
  Deployment: new Set(["spec", "status"]),
  StatefulSet: new Set(["spec", "status"]),
  Service: new Set(["spec", "status"]),
};

/** The PodSpec fields a module may carry at `spec.*` or `spec.pod.*` (from `outputs.update` patches). */
export const MODULE_POD_FIELDS = [...POD_SPEC].filter((f) => f !== "containers" && f !== "volumes");
