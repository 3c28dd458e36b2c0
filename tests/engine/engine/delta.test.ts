import { describe, expect, it } from "vitest";
import { applyDelta, setId } from "@/lib/engine/delta/apply";
import { diffSets } from "@/lib/engine/delta/diff";
import { convertScoreWorkload, scoreToDelta } from "@/lib/engine/delta/from-score";
import { applyJsonPatch } from "@/lib/engine/delta/json-patch";
import { emptySet, type DeploymentSet } from "@/lib/engine/delta/types";
import type { ScoreWorkload } from "@/lib/engine/score/types";

const api: ScoreWorkload = {
  apiVersion: "score.dev/v1b1",
  metadata: { name: "api", team: "core" },
  containers: {
    main: {
      image: ".",
      variables: {
        DB: "postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}",
        MOTD: "${resources.env.MOTD}",
        CART: "http://${resources.cart.name}:8080",
        TEAM: "${metadata.team}",
        LITERAL: "$${not.a.ref} and $$HOME",
      },
      volumes: { "/data": { source: "${resources.vol}", readOnly: true } },
    },
  },
  service: { ports: { web: { port: 80, targetPort: 8080 } } },
  resources: {
    db: { type: "postgres" },
    env: { type: "environment" },
    cart: { type: "service" },
    vol: { type: "volume" },
    dns: { type: "dns", id: "main-dns" },
  },
};

describe("Score → module", () => {
  it("translates placeholders as humctl does", () => {
    const out = convertScoreWorkload(api, { image: "registry/api:1" });
    expect(out.errors).toEqual([]);
    const main = (out.module.spec.containers as Record<string, Record<string, unknown>>).main;
    expect(main.image).toBe("registry/api:1");
    expect(main.variables).toEqual({
      DB: "postgres://${externals.db.username}:${externals.db.password}@${externals.db.host}",
      MOTD: "${values.MOTD}",
      CART: "http://${modules.cart.service.name}:8080",
      TEAM: "core",
      LITERAL: "$${not.a.ref} and $HOME",
    });
    expect(main.volume_mounts).toEqual({ "/data": { id: "externals.vol", read_only: true } });
    expect(out.module.externals).toEqual({ db: { type: "postgres" }, vol: { type: "volume" } });
    expect(Object.keys(out.shared)).toEqual(["main-dns"]);
    expect(out.module.spec.service).toEqual({ ports: { web: { protocol: "TCP", service_port: 80, container_port: 8080 } } });
  });

  it("reports image '.' without --image", () => {
    const out = convertScoreWorkload(api);
    expect(out.errors.map((e) => e.message)).toContain("failed to convert 'api' because container 'main' has no image and --image was not provided");
  });

  it("rejects conflicting shared params and param cycles", () => {
    const conflict: ScoreWorkload = {
      apiVersion: "score.dev/v1b1",
      metadata: { name: "example" },
      containers: { main: { image: "busybox" } },
      resources: { one: { type: "thing", id: "elephant", params: { x: "a" } }, two: { type: "thing", id: "elephant", params: { x: "y" } } },
    };
    expect(convertScoreWorkload(conflict).errors[0].message).toBe("resource 'thing.default#elephant': multiple definitions with different params");
    const cycle: ScoreWorkload = {
      apiVersion: "score.dev/v1b1",
      metadata: { name: "eg" },
      containers: { main: { image: "busybox" } },
      resources: { res1: { type: "thing", params: { x: "${resources.res2.blah}" } }, res2: { type: "thing", params: { y: "${resources.res1.blah}" } } },
    };
    expect(convertScoreWorkload(cycle).errors[0].message).toMatch(/a cycle exists involving resource param placeholders/);
  });

  it("merges shared declarations across workloads into one delta", () => {
    const front: ScoreWorkload = { apiVersion: "score.dev/v1b1", metadata: { name: "front" }, containers: { main: { image: "x" } }, resources: { dns: { type: "dns", id: "main-dns" } } };
    const { delta, errors } = scoreToDelta([api, front], () => ({ image: "img" }));
    expect(errors).toEqual([]);
    expect(Object.keys(delta.modules!.add!)).toEqual(["api", "front"]);
    expect(delta.shared).toEqual([{ op: "add", path: "/main-dns", value: { type: "dns" } }]);
  });
});

describe("delta → set", () => {
  const base = (): DeploymentSet => {
    const { delta } = scoreToDelta([api], () => ({ image: "img" }));
    const applied = applyDelta(emptySet(), delta);
    if (!applied.ok) throw new Error("apply failed");
    return applied.set;
  };

  it("hashes content: same content, same id; different content, different id", () => {
    const a = base();
    const b = base();
    expect(setId(a)).toBe(setId(b));
    expect(setId(a)).toMatch(/^[0-9a-f]{64}$/);
    const changed = applyDelta(a, { modules: { update: { api: [{ op: "replace", path: "/spec/containers/main/image", value: "img:2" }] } } });
    expect(changed.ok && changed.id).not.toBe(setId(a));
  });

  it("applies add/remove/update and shared patches, and diff inverts it", () => {
    const from = base();
    const result = applyDelta(from, {
      modules: {
        add: { worker: { profile: "humanitec/default-module", spec: { containers: { w: { id: "w", image: "w:1" } } } } },
        update: { api: [{ op: "add", path: "/spec/pod/labels", value: { tier: "web" } }, { op: "remove", path: "/externals/vol" }] },
      },
      shared: [{ op: "add", path: "/cache", value: { type: "redis" } }, { op: "remove", path: "/main-dns" }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.set.modules.api.spec.pod).toEqual({ labels: { tier: "web" } });
    expect(result.set.shared).toEqual({ cache: { type: "redis" } });
    const delta = diffSets(from, result.set);
    const again = applyDelta(from, delta);
    expect(again.ok && again.id).toBe(result.id);
    const back = applyDelta(result.set, diffSets(result.set, from));
    expect(back.ok && back.id).toBe(setId(from));
  });

  it("reports patches that do not apply, naming where", () => {
    const result = applyDelta(base(), { modules: { update: { api: [{ op: "replace", path: "/spec/nope/x", value: 1 }] }, remove: ["ghost"] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.location)).toEqual(["modules.remove[0]", "modules.update.api[0]"]);
  });

  it("JSON patch handles arrays and escaped pointers", () => {
    expect(applyJsonPatch({ a: [1, 2], "b/c": 1 }, [{ op: "add", path: "/a/-", value: 3 }, { op: "replace", path: "/b~1c", value: 2 }, { op: "remove", path: "/a/0" }])).toEqual({ a: [2, 3], "b/c": 2 });
  });
});
