/**
 * The default `k8s-namespace`: `<app>-<env>`, via the echo driver (no objects: the deployment
 * target creates the namespace it deploys into). App ids are at most 50 characters and env ids
 * 50, so very long pairs can exceed the 63-character namespace limit; such installs need their
 * own template definition that shortens the name.
 */
import type { ResourceDefinition } from "@/lib/engine/model/definition";

export function namespaceDefinition(options: { id: string; criteria: ResourceDefinition["criteria"] }): ResourceDefinition {
  return {
    id: options.id,
    name: "Namespace <app>-<env>",
    type: "k8s-namespace",
    driver_type: "humanitec/echo",
    driver_inputs: { values: { namespace: "${context.app.id}-${context.env.id}" } },
    criteria: options.criteria,
  };
}
