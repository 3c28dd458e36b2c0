import { echoDriver } from "./echo";
import { noneClusterDriver } from "./none-cluster";
import { createDnsWildcardDriver, hpaDriver, ingressDriver, volumeNfsDriver, volumePvcDriver } from "./generators";
import { k8sClusterDriver, k8sClusterGitDriver } from "./k8s-cluster";
import { createTemplateDriver } from "./template";
import type { TemplateEngine } from "./template-engine";
import type { Driver } from "./types";

export type DriverRegistry = ReadonlyMap<string, Driver>;

/**
 * The drivers Baton runs in-process. Drivers not listed here (cloud clusters, agent,
 * terraform…) are reported as `driver-unavailable` when a plan needs them.
 */
export function createDriverRegistry(options: { templateEngine?: TemplateEngine; extra?: Driver[] } = {}): DriverRegistry {
  const drivers: Driver[] = [
    echoDriver,
    noneClusterDriver,
    k8sClusterDriver,
    k8sClusterGitDriver,
    volumePvcDriver,
    volumeNfsDriver,
    hpaDriver,
    ingressDriver,
    createDnsWildcardDriver(options.templateEngine),
    ...(options.templateEngine ? [createTemplateDriver(options.templateEngine)] : []),
    ...(options.extra ?? []),
  ];
  return new Map(drivers.map((d) => [d.type, d]));
}
