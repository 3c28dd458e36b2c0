import { describe, expect, it } from "vitest";
import { plan } from "@/lib/engine/plan";
import { placeContainers } from "@/lib/engine/render/container-order";
import { baseDefinitions, context, workload } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function podSpecOf(containers: Obj): Promise<Obj> {
  const p = await plan({ context, definitions: baseDefinitions(), workloads: [{ score: workload("web", { containers } as Obj) }] });
  expect(p.errors).toEqual([]);
  return (p.objects.find((o: Obj) => o.kind === "Deployment") as Obj).spec.template.spec;
}

describe("container ordering from Score `before` (X.before.Y: X precedes Y)", () => {
  it("renders a container that must complete as an init container, before the main one", async () => {
    const spec = await podSpecOf({
      migrate: { image: "migrate:1", command: ["migrate", "up"], before: { main: { ready: "complete" } } },
      main: { image: "app:1" },
    });
    expect(spec.initContainers.map((c: Obj) => c.name)).toEqual(["migrate"]);
    expect(spec.initContainers[0]).toEqual({ name: "migrate", image: "migrate:1", command: ["migrate", "up"] });
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["main"]);
  });

  it("renders started/healthy predecessors as native sidecars; healthy gets a startup probe from its readiness probe", async () => {
    const spec = await podSpecOf({
      proxy: { image: "envoy:1", before: { main: { ready: "started" } } },
      cache: { image: "redis:7", readinessProbe: { exec: { command: ["redis-cli", "ping"] } }, before: { main: { ready: "healthy" } } },
      main: { image: "app:1" },
    });
    expect(spec.initContainers).toEqual([
      { name: "cache", image: "redis:7", readinessProbe: { exec: { command: ["redis-cli", "ping"] } }, restartPolicy: "Always", startupProbe: { exec: { command: ["redis-cli", "ping"] } } },
      { name: "proxy", image: "envoy:1", restartPolicy: "Always" },
    ]);
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["main"]);
  });

  it("orders init containers along before edges, not by name", async () => {
    const spec = await podSpecOf({
      zz: { image: "first:1", before: { aa: { ready: "complete" } } },
      aa: { image: "second:1", before: { main: { ready: "complete" } } },
      main: { image: "app:1" },
    });
    expect(spec.initContainers.map((c: Obj) => c.name)).toEqual(["zz", "aa"]);
  });

  it("leaves workloads without `before` exactly as before: every container a pod container, no initContainers", async () => {
    const spec = await podSpecOf({ main: { image: "app:1" }, sidecar: { image: "log:1" } });
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["main", "sidecar"]);
  });

  it("a healthy entry without any probe is a Score error, as score-compose reports it", async () => {
    const p = await plan({ context, definitions: baseDefinitions(), workloads: [{ score: workload("web", { containers: { db: { image: "pg:1", before: { main: { ready: "healthy" } } }, main: { image: "app:1" } } } as Obj) }] });
    expect(JSON.stringify(p.errors)).toContain("ready 'healthy' requires a readiness or liveness probe to be defined");
  });

  it("placeContainers: any `complete` entry makes an init container; a leftover cycle still places every container", () => {
    const placement = placeContainers({ a: { before: { b: { ready: "complete" }, c: { ready: "started" } } }, b: { before: { a: { ready: "started" } } }, c: {} });
    expect(placement.roles).toEqual(new Map([["a", "init"], ["b", "sidecar"], ["c", "main"]]));
    expect([...placement.initOrder].sort()).toEqual(["a", "b"]);
  });
});
