import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { ScoreWorkload } from "@/lib/engine/score/types";

export const context = { org_id: "acme", app_id: "shop", env_id: "dev", env_type: "development" };

export function def(id: string, type: string, driver_type: string, extra: Partial<ResourceDefinition> = {}): ResourceDefinition {
  return { id, name: id, type, driver_type, criteria: [{}], ...extra };
}

/** The smallest environment: an echo namespace and a generic cluster. */
export function baseDefinitions(): ResourceDefinition[] {
  return [
    def("ns", "k8s-namespace", "humanitec/echo", { driver_inputs: { values: { namespace: "${context.app.id}-${context.env.id}" } } }),
    def("cluster", "k8s-cluster", "humanitec/k8s-cluster", {
      driver_inputs: { values: { loadbalancer: "10.0.0.1", cluster_data: { server: "https://k8s.example:6443" } }, secrets: { credentials: { token: "t0ken" } } },
    }),
  ];
}

export function workload(name: string, extra: Partial<ScoreWorkload> = {}): ScoreWorkload {
  return {
    apiVersion: "score.dev/v1b1",
    metadata: { name },
    containers: { main: { image: "nginx:1.27" } },
    ...extra,
  };
}
