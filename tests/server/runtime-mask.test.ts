import { describe, expect, it } from "vitest";
import { gridRows } from "@/components/overview/format";
import type { ControllerRuntime, PodRuntime } from "@/lib/engine/targets/kubernetes";
import { maskSecrets, maskStrings, runtimeHealth, unhealthyReason } from "@/lib/server/deploy/environment-runtime";

describe("runtime helpers", () => {
  it("masks every occurrence of each secret, longest first", () => {
    expect(maskSecrets("token=abcd1234 again abcd1234; short abcd", ["abcd1234", "abcd"])).toBe("token=*** again ***; short ***");
    expect(maskSecrets("nothing here", ["s3cret"])).toBe("nothing here");
  });

  it("masks every string of the runtime view (termination messages, events), keeping numbers and shape", () => {
    const view = { workloads: [{ id: "web", restarts: 3, events: [{ message: "Error: password abcd1234 rejected" }], state: { terminated: { message: 'said "abcd1234"', exit_code: 1 } } }] };
    expect(maskStrings(view, ["abcd1234"])).toEqual({ workloads: [{ id: "web", restarts: 3, events: [{ message: "Error: password *** rejected" }], state: { terminated: { message: 'said "***"', exit_code: 1 } } }] });
  });

  it("health: unknown runtime has none; failed beats starting; paused wins", () => {
    const view = (statuses: string[], paused = false) => ({ state: "available" as const, runtime: { namespace: "n", paused, read_at: "", workloads: statuses.map((s, i) => ({ id: `w${i}`, status: s as "Running", status_class: "Success" as const, controllers: [], events: [] })) } });
    expect(runtimeHealth({ state: "unknown", reason: "x" })).toBeUndefined();
    expect(runtimeHealth(view(["Running", "Failed", "Starting"]))).toBe("unhealthy");
    expect(runtimeHealth(view(["Running", "Starting"]))).toBe("starting");
    expect(runtimeHealth(view(["Running"]))).toBe("healthy");
    expect(runtimeHealth(view(["Stopped"], true))).toBe("paused");
  });

  it("the reason an environment is unhealthy names each failing workload and its pods' states; the overview cell carries it", () => {
    const pod = (status: string, ready = false): PodRuntime => ({ name: `p-${status}`, phase: "Running", ready, status, containers: [], init_containers: [] });
    const controller = (status: "Failed" | "Running", pods: PodRuntime[], message = ""): ControllerRuntime => ({ kind: "Deployment", name: "d", replicas: 1, ready_replicas: 0, status, message, replica_sets: [], pods });
    const view = {
      state: "available" as const,
      runtime: {
        namespace: "n",
        paused: false,
        read_at: "",
        workloads: [
          { id: "api", status: "Failed" as const, status_class: "Failure" as const, controllers: [controller("Failed", [], "progress deadline exceeded: too slow")], events: [] },
          { id: "web", status: "Failed" as const, status_class: "Failure" as const, controllers: [controller("Failed", [pod("CrashLoopBackOff"), pod("CrashLoopBackOff"), pod("ImagePullBackOff"), pod("Running", true)])], events: [] },
          { id: "ok", status: "Running" as const, status_class: "Success" as const, controllers: [controller("Running", [pod("Running", true)])], events: [] },
        ],
      },
    };
    expect(unhealthyReason(view)).toBe("api: progress deadline exceeded: too slow; web: CrashLoopBackOff, ImagePullBackOff");
    expect(unhealthyReason({ state: "unknown", reason: "x" })).toBeUndefined();
    const rows = gridRows(["development"], [{ id: "shop", name: "shop", envs: [{ id: "dev", type: "development", status: "succeeded", at: null, by: null, outdated: null, runtime: "unhealthy", runtimeReason: "web: CrashLoopBackOff" }] }]);
    expect(rows[0].cols[0][0]).toMatchObject({ id: "dev", runtime: "unhealthy", why: "web: CrashLoopBackOff" });
  });
});
