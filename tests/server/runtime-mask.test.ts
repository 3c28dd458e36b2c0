import { describe, expect, it } from "vitest";
import { maskSecrets, runtimeHealth } from "@/lib/server/deploy/environment-runtime";

describe("runtime helpers", () => {
  it("masks every occurrence of each secret, longest first", () => {
    expect(maskSecrets("token=abcd1234 again abcd1234; short abcd", ["abcd1234", "abcd"])).toBe("token=*** again ***; short ***");
    expect(maskSecrets("nothing here", ["s3cret"])).toBe("nothing here");
  });

  it("health: unknown runtime has none; failed beats starting; paused wins", () => {
    const view = (statuses: string[], paused = false) => ({ state: "available" as const, runtime: { namespace: "n", paused, read_at: "", workloads: statuses.map((s, i) => ({ id: `w${i}`, status: s as "Running", status_class: "Success" as const, controllers: [], events: [] })) } });
    expect(runtimeHealth({ state: "unknown", reason: "x" })).toBeUndefined();
    expect(runtimeHealth(view(["Running", "Failed", "Starting"]))).toBe("unhealthy");
    expect(runtimeHealth(view(["Running", "Starting"]))).toBe("starting");
    expect(runtimeHealth(view(["Running"]))).toBe("healthy");
    expect(runtimeHealth(view(["Stopped"], true))).toBe("paused");
  });
});
