import client from "prom-client";

// One registry per process, kept on globalThis so dev reloads do not register twice.
const holder = globalThis as unknown as { __batonMetrics?: { registry: client.Registry } };

export function metricsRegistry(): client.Registry {
  if (!holder.__batonMetrics) {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry, prefix: "baton_" });
    holder.__batonMetrics = { registry };
  }
  return holder.__batonMetrics.registry;
}
