/**
 * `volume` as a PersistentVolumeClaim: the claim goes into the namespace, and a pod volume that
 * mounts it is injected into the workloads that use the resource (manifest location `volumes`,
 * named like the claim — the convention the built-in volume drivers follow too).
 */
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { objectName, RES_LABEL } from "./template-snippets";

export interface VolumeOptions {
  id: string;
  criteria: ResourceDefinition["criteria"];
  capacity?: string;
  accessMode?: string;
  storageClassName?: string;
}

const INIT = [RES_LABEL, `name: ${objectName("vol", 63)}`, ""].join("\n");

const MANIFESTS = `pvc.yaml:
  location: namespace
  data:
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: {{ .init.name }}
      labels:
        app.kubernetes.io/managed-by: baton
    spec:
      accessModes:
        - {{ .driver.values.access_mode | quote }}
      {{- if .driver.values.storage_class_name }}
      storageClassName: {{ .driver.values.storage_class_name | quote }}
      {{- end }}
      resources:
        requests:
          storage: {{ .driver.values.capacity | quote }}
volume.yaml:
  location: volumes
  data:
    name: {{ .init.name }}
    persistentVolumeClaim:
      claimName: {{ .init.name }}
`;

// `source` is the score-k8s convention (a VolumeSource); pvcName/volumeName the Humanitec one.
const OUTPUTS = `pvcName: {{ .init.name }}
volumeName: {{ .init.name }}
source:
  persistentVolumeClaim:
    claimName: {{ .init.name }}
`;

export function volumeDefinition(options: VolumeOptions): ResourceDefinition {
  return {
    id: options.id,
    name: "In-cluster volume (PersistentVolumeClaim)",
    type: "volume",
    driver_type: "humanitec/template",
    driver_inputs: {
      values: {
        res_id: "${context.res.id}",
        capacity: options.capacity ?? "1Gi",
        access_mode: options.accessMode ?? "ReadWriteOnce",
        storage_class_name: options.storageClassName ?? "",
        templates: { init: INIT, manifests: MANIFESTS, outputs: OUTPUTS },
      },
    },
    criteria: options.criteria,
  };
}
