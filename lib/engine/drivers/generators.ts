import type { TemplateEngine } from "./template-engine";
import { dnsLabel, resIdLeaf, resIdWorkload, resourceObjectName } from "./names";
import { DriverError, emptyOutput, isPlainObject, type Driver, type DriverInput, type JsonObject } from "./types";

/**
 * Manifest-generating drivers with the inputs Humanitec documents for them. Each returns the
 * Kubernetes objects it needs as manifests with a location, like the template driver.
 */

function accessModes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value) return value.split(",").map((s) => s.trim()).filter(Boolean);
  return ["ReadWriteOnce"];
}

function inputValue(input: DriverInput, key: string): unknown {
  return input.resource[key] ?? input.driver.values[key];
}

/** `humanitec/volume-pvc`: a PersistentVolumeClaim and the pod volume that mounts it. */
export const volumePvcDriver: Driver = {
  type: "humanitec/volume-pvc",
  provision(input) {
    const claimName = resourceObjectName(`pvc-${resIdLeaf(input.context.res_id)}`, input.context.guresid);
    const storageClass = inputValue(input, "storage_class_name");
    return {
      ...emptyOutput(),
      values: { claim_name: claimName },
      manifests: [
        {
          name: "pvc.yaml",
          location: "namespace",
          data: {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: claimName },
            spec: {
              accessModes: accessModes(inputValue(input, "access_modes")),
              resources: { requests: { storage: String(inputValue(input, "capacity") ?? "10Gi") } },
              ...(typeof storageClass === "string" && storageClass ? { storageClassName: storageClass } : {}),
            },
          },
        },
        { name: "volume.yaml", location: "volumes", data: { name: claimName, persistentVolumeClaim: { claimName } } },
      ],
    };
  },
};

/** `humanitec/volume-nfs`: an NFS PersistentVolume, a claim bound to it, and the pod volume. */
export const volumeNfsDriver: Driver = {
  type: "humanitec/volume-nfs",
  provision(input) {
    const server = inputValue(input, "server");
    if (typeof server !== "string" || !server) throw new DriverError("driver_inputs.values.server is required");
    const path = String(inputValue(input, "path") ?? "/");
    const capacity = String(inputValue(input, "capacity") ?? "10Gi");
    const modes = accessModes(inputValue(input, "access_modes") ?? "ReadWriteMany");
    const name = resourceObjectName(`nfs-${resIdLeaf(input.context.res_id)}`, input.context.guresid);
    const pvName = `${name}-${input.context.app_id}-${input.context.env_id}`.slice(0, 253);
    return {
      ...emptyOutput(),
      values: { claim_name: name, server, path },
      manifests: [
        {
          name: "pv.yaml",
          location: "cluster",
          data: {
            apiVersion: "v1",
            kind: "PersistentVolume",
            metadata: { name: dnsLabel(pvName, 253) },
            spec: { capacity: { storage: capacity }, accessModes: modes, nfs: { server, path }, storageClassName: "", persistentVolumeReclaimPolicy: "Retain" },
          },
        },
        {
          name: "pvc.yaml",
          location: "namespace",
          data: {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name },
            spec: { accessModes: modes, storageClassName: "", volumeName: dnsLabel(pvName, 253), resources: { requests: { storage: capacity } } },
          },
        },
        { name: "volume.yaml", location: "volumes", data: { name, persistentVolumeClaim: { claimName: name } } },
      ],
    };
  },
};

function num(value: unknown, name: string, fallback?: number): number {
  if (value === undefined || value === null || value === "") {
    if (fallback !== undefined) return fallback;
    throw new DriverError(`${name} is required`);
  }
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DriverError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}

/** `humanitec/hpa`: a HorizontalPodAutoscaler for the workload the resource belongs to. */
export const hpaDriver: Driver = {
  type: "humanitec/hpa",
  provision(input) {
    const workload = resIdWorkload(input.context.res_id);
    if (!workload) throw new DriverError(`res_id "${input.context.res_id}" does not belong to a workload (expected modules.W…)`);
    const min = num(inputValue(input, "minReplicas"), "minReplicas", 1);
    const max = num(inputValue(input, "maxReplicas"), "maxReplicas");
    if (min < 1 || max < min) throw new DriverError(`replicas must satisfy 1 <= minReplicas (${min}) <= maxReplicas (${max})`);
    const cpu = num(inputValue(input, "targetCPUUtilizationPercentage"), "targetCPUUtilizationPercentage", 80);
    const name = resourceObjectName(workload, input.context.guresid);
    return {
      ...emptyOutput(),
      manifests: [
        {
          name: "hpa.yaml",
          location: "namespace",
          data: {
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { name },
            spec: {
              scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: workload },
              minReplicas: min,
              maxReplicas: max,
              metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: cpu } } }],
            },
          },
        },
      ],
    };
  },
};

/**
 * `humanitec/dns-wildcard`: a host under `domain`; the sub-domain comes from the `template`
 * input (a Go template, placeholders already resolved) or defaults to `<leaf>-<env>-<app>`.
 */
export function createDnsWildcardDriver(engine?: TemplateEngine): Driver {
  return {
    type: "humanitec/dns-wildcard",
    provision(input) {
      const domain = input.driver.values.domain;
      if (typeof domain !== "string" || !domain) throw new DriverError("driver_inputs.values.domain is required");
      const template = input.driver.values.template;
      let sub: string;
      if (typeof template === "string" && template) {
        if (!engine) throw new DriverError("the Go template engine is not available for driver_inputs.values.template");
        sub = engine.render("template", template, { driver: input.driver, id: input.context.guresid, resource: input.resource }).trim();
      } else {
        sub = `${resIdLeaf(input.context.res_id)}-${input.context.env_id}-${input.context.app_id}`;
      }
      const label = dnsLabel(sub);
      return { ...emptyOutput(), values: { host: `${label}.${domain.replace(/^\.+/, "")}` } };
    },
  };
}

interface IngressRoute {
  path: string;
  service: string;
  port: number | string;
}

/**
 * `humanitec/ingress`: an Ingress for the `dns` resource it is co-provisioned with. The
 * resource inputs carry `host` and the routes that use that dns (`rules`), filled in by the
 * provisioner; the driver inputs carry class, annotations, labels and TLS settings.
 */
export const ingressDriver: Driver = {
  type: "humanitec/ingress",
  provision(input) {
    const values = input.driver.values;
    const host = input.resource.host;
    if (typeof host !== "string" || !host) throw new DriverError("the ingress needs a host (co-provision it from a dns resource)");
    const routes = (Array.isArray(input.resource.routes) ? input.resource.routes : []) as IngressRoute[];
    if (routes.length === 0) return emptyOutput();
    const name = resourceObjectName(`ingress-${resIdLeaf(input.context.res_id)}`, input.context.guresid);
    const pathType = typeof values.path_type === "string" ? values.path_type : "Prefix";
    const paths = routes.map((route) => ({
      path: route.path,
      pathType,
      backend: {
        service: {
          name: route.service,
          port: typeof route.port === "number" ? { number: route.port } : { name: String(route.port) },
        },
      },
    }));
    const noTls = values.no_tls === true;
    const tlsSecret = (values.tls_secret_name as string | undefined) ?? (input.resource.tls_secret_name as string | undefined);
    const annotations = isPlainObject(values.annotations) ? values.annotations : {};
    const labels = isPlainObject(values.labels) ? values.labels : {};
    const data: JsonObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name,
        ...(Object.keys(annotations).length ? { annotations: stringMap(annotations) } : {}),
        ...(Object.keys(labels).length ? { labels: stringMap(labels) } : {}),
      },
      spec: {
        ...(typeof values.class === "string" && values.class ? { ingressClassName: values.class } : {}),
        rules: [{ host, http: { paths } }],
        ...(!noTls && tlsSecret ? { tls: [{ hosts: [host], secretName: tlsSecret }] } : {}),
      },
    };
    return { ...emptyOutput(), values: { id: name }, manifests: [{ name: "ingress.yaml", location: "namespace", data }] };
  },
};

function stringMap(map: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
