import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDelta } from "@/lib/engine/delta/apply";
import { applyJsonPatch } from "@/lib/engine/delta/json-patch";
import { mergeDeltas, type MergeableDelta } from "@/lib/engine/delta/merge";
import { simplifyPatch } from "@/lib/engine/delta/simplify-patch";
import type { DeploymentDelta, DeploymentSet, JsonPatchOp, Module } from "@/lib/engine/delta/types";

const module = (image: string, extra: Record<string, unknown> = {}): Module => ({
  profile: "humanitec/default-module",
  spec: { containers: { main: { id: "main", image, ...extra } } },
});

function tryApply<T>(doc: T, ops: JsonPatchOp[]): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: applyJsonPatch(doc, ops) };
  } catch {
    return { ok: false };
  }
}

describe("simplifyPatch", () => {
  it("keeps only the last write to a path", () => {
    expect(
      simplifyPatch([
        { op: "replace", path: "/spec/containers/main/image", value: "a" },
        { op: "replace", path: "/spec/containers/main/image", value: "b" },
      ]),
    ).toEqual([{ op: "replace", path: "/spec/containers/main/image", value: "b" }]);
  });

  it("lets a write to a parent supersede earlier writes below it", () => {
    expect(
      simplifyPatch([
        { op: "replace", path: "/spec/containers/main/image", value: "a" },
        { op: "add", path: "/spec/containers/main/variables/X", value: "1" },
        { op: "replace", path: "/spec/containers/main", value: { id: "main", image: "c" } },
      ]),
    ).toEqual([{ op: "add", path: "/spec/containers/main", value: { id: "main", image: "c" } }]);
  });

  it("folds a write below an earlier add into the added value", () => {
    expect(
      simplifyPatch([
        { op: "add", path: "/externals/db", value: { type: "postgres" } },
        { op: "add", path: "/externals/db/class", value: "large" },
        { op: "remove", path: "/externals/db/class" },
        { op: "add", path: "/externals/db/params", value: { extensions: "uuid" } },
      ]),
    ).toEqual([{ op: "add", path: "/externals/db", value: { type: "postgres", params: { extensions: "uuid" } } }]);
  });

  it('drops the operations a {"scope":"delta"} remove points at, and the remove itself', () => {
    expect(
      simplifyPatch([
        { op: "add", path: "/spec/containers/main/variables/A", value: "1" },
        { op: "add", path: "/spec/containers/main/variables/B", value: "2" },
        { op: "remove", path: "/spec/containers/main/variables/A", value: { scope: "delta" } },
      ]),
    ).toEqual([{ op: "add", path: "/spec/containers/main/variables/B", value: "2" }]);
  });

  it("keeps array operations in order and stops folding after them", () => {
    const ops: JsonPatchOp[] = [
      { op: "add", path: "/spec/containers/main/args/0", value: "a" },
      { op: "add", path: "/spec/containers/main/args/0", value: "b" },
      { op: "replace", path: "/spec/x", value: 1 },
      { op: "replace", path: "/spec/x", value: 2 },
    ];
    expect(simplifyPatch(ops)).toEqual(ops);
  });

  it("never drops an operation an earlier write to an ancestor relied on", () => {
    const ops: JsonPatchOp[] = [
      { op: "add", path: "/db/class", value: "large" },
      { op: "remove", path: "/db" },
      { op: "add", path: "/db/class", value: "small" },
    ];
    // on {} the first add creates /db, which the remove needs; the last add must not supersede it
    expect(tryApply({}, simplifyPatch(ops))).toEqual(tryApply({}, ops));
    expect(tryApply({}, ops)).toEqual({ ok: true, value: { db: { class: "small" } } });
  });

  it("keeps a remove whose path an earlier add may have created", () => {
    const ops: JsonPatchOp[] = [
      { op: "add", path: "/a/b", value: 1 },
      { op: "remove", path: "/a" },
    ];
    // on {} the original applies (add creates /a); a lone "remove /a" would not
    expect(simplifyPatch(ops)).toEqual(ops);
  });

  // Documents and patches over a small alphabet of keys so paths collide often.
  const key = fc.constantFrom("a", "b", "c");
  const leaf = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom("x", "y"));
  const doc = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.dictionary(key, tie("node"), { maxKeys: 3 }), fc.array(leaf, { maxLength: 3 })),
  })).node;
  const path = fc.array(fc.oneof({ weight: 5, arbitrary: key }, { weight: 1, arbitrary: fc.constantFrom("0", "1", "-") }), { minLength: 1, maxLength: 3 }).map((tokens) => "/" + tokens.join("/"));
  const op: fc.Arbitrary<JsonPatchOp> = fc.oneof(
    fc.record({ op: fc.constant("add" as const), path, value: doc }),
    fc.record({ op: fc.constant("replace" as const), path, value: doc }),
    fc.record({ op: fc.constant("remove" as const), path }),
  );

  it("property: wherever the original applies, the simplified patch applies and gives the same document", () => {
    fc.assert(
      fc.property(fc.dictionary(key, doc, { maxKeys: 3 }), fc.array(op, { maxLength: 8 }), (base, ops) => {
        const original = tryApply(base, ops);
        if (!original.ok) return;
        const simplified = tryApply(base, simplifyPatch(ops));
        expect(simplified).toEqual(original);
      }),
      { numRuns: 5000 },
    );
  });

  it("property: simplifying twice changes nothing more", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
        const once = simplifyPatch(ops);
        expect(simplifyPatch(once)).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("mergeDeltas", () => {
  const empty: MergeableDelta = { metadata: { created_by: "dev@example.com" } };

  it("lets a later add replace an earlier add and its pending updates", () => {
    const merged = mergeDeltas(empty, [
      { modules: { add: { api: module("api:1") } } },
      { modules: { update: { api: [{ op: "replace", path: "/spec/containers/main/image", value: "api:2" }] } } },
      { modules: { add: { api: module("api:3") } } },
    ]);
    expect(merged.modules).toEqual({ add: { api: module("api:3") }, remove: [], update: {} });
  });

  it("folds updates into a pending add", () => {
    const merged = mergeDeltas(empty, [
      { modules: { add: { api: module("api:1") } } },
      { modules: { update: { api: [{ op: "add", path: "/spec/containers/main/variables", value: { A: "1" } }] } } },
    ]);
    expect(merged.modules?.add?.api).toEqual(module("api:1", { variables: { A: "1" } }));
    expect(merged.modules?.update).toEqual({});
  });

  it("concatenates and simplifies updates of a module the delta does not add", () => {
    const merged = mergeDeltas(empty, [
      { modules: { update: { api: [{ op: "replace", path: "/spec/containers/main/image", value: "api:2" }] } } },
      { modules: { update: { api: [{ op: "replace", path: "/spec/containers/main/image", value: "api:3" }] } } },
    ]);
    expect(merged.modules?.update).toEqual({ api: [{ op: "replace", path: "/spec/containers/main/image", value: "api:3" }] });
  });

  it("unions removes, which drop pending adds and updates; a null add cancels a pending remove", () => {
    const merged = mergeDeltas(empty, [
      { modules: { add: { api: module("api:1") }, update: { web: [{ op: "replace", path: "/spec/x", value: 1 }] } } },
      { modules: { remove: ["api", "web", "worker"] } },
      { modules: { add: { worker: null } } },
    ]);
    expect(merged.modules).toEqual({ add: {}, remove: ["api", "web"], update: {} });
  });

  it("concatenates shared patches and applies delta-scoped removes", () => {
    const merged = mergeDeltas(empty, [
      { shared: [{ op: "add", path: "/dns", value: { type: "dns" } }] },
      { shared: [{ op: "add", path: "/db", value: { type: "postgres" } }] },
      { shared: [{ op: "remove", path: "/dns", value: { scope: "delta" } }] },
    ]);
    expect(merged.shared).toEqual([{ op: "add", path: "/db", value: { type: "postgres" } }]);
  });

  it("records editors other than the creator once, and takes renames from the patches", () => {
    const once = mergeDeltas(empty, [{ metadata: { name: "release 2", created_by: "mallory" } }], "ops@example.com");
    const twice = mergeDeltas(once, [{}], "ops@example.com");
    const byCreator = mergeDeltas(twice, [{}], "dev@example.com");
    expect(byCreator.metadata).toEqual({ created_by: "dev@example.com", name: "release 2", contributers: ["ops@example.com"] });
  });

  it("does not modify its inputs", () => {
    const base: MergeableDelta = { modules: { add: { api: module("api:1") } } };
    const patch: MergeableDelta = { modules: { update: { api: [{ op: "add", path: "/spec/y", value: 1 }] } } };
    const copies = JSON.stringify([base, patch]);
    mergeDeltas(base, [patch]);
    expect(JSON.stringify([base, patch])).toBe(copies);
  });

  // Sets and deltas over two workloads with small modules; paths stay within objects.
  const workload = fc.constantFrom("api", "web");
  const image = fc.constantFrom("i:1", "i:2", "i:3");
  const moduleArb = image.map((i) => module(i));
  const setArb: fc.Arbitrary<DeploymentSet> = fc
    .record({ modules: fc.dictionary(workload, moduleArb, { maxKeys: 2 }), shared: fc.dictionary(fc.constantFrom("db", "dns"), fc.record({ type: fc.constantFrom("postgres", "dns") }), { maxKeys: 2 }) })
    .map((s) => ({ version: 0, ...s }));
  const modulePath = fc.constantFrom("/spec/containers/main/image", "/spec/containers/main/variables", "/spec/containers/main/variables/A", "/spec/containers", "/externals/db", "/externals/db/class");
  const patchOp: fc.Arbitrary<JsonPatchOp> = fc.oneof(
    fc.record({ op: fc.constantFrom("add" as const, "replace" as const), path: modulePath, value: fc.oneof(image, fc.constant({}), fc.constant({ type: "postgres" })) }),
    fc.record({ op: fc.constant("remove" as const), path: modulePath }),
  );
  const sharedOp: fc.Arbitrary<JsonPatchOp> = fc.oneof(
    fc.record({ op: fc.constantFrom("add" as const, "replace" as const), path: fc.constantFrom("/db", "/dns", "/db/class"), value: fc.oneof(fc.constant({ type: "postgres" }), fc.constant("large")) }),
    fc.record({ op: fc.constant("remove" as const), path: fc.constantFrom("/db", "/dns", "/db/class") }),
  );
  const deltaArb: fc.Arbitrary<DeploymentDelta> = fc.record(
    {
      modules: fc.record(
        { add: fc.dictionary(workload, moduleArb, { maxKeys: 1 }), remove: fc.uniqueArray(workload, { maxLength: 1 }), update: fc.dictionary(workload, fc.array(patchOp, { maxLength: 3 }), { maxKeys: 2 }) },
        { requiredKeys: [] },
      ),
      shared: fc.array(sharedOp, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

  it("property: applying the merged delta equals applying the deltas one after another", () => {
    fc.assert(
      fc.property(setArb, fc.array(deltaArb, { minLength: 1, maxLength: 3 }), (set, deltas) => {
        let sequential = set;
        for (const delta of deltas) {
          const step = applyDelta(sequential, delta);
          if (!step.ok) return; // only deltas that apply in turn are comparable
          sequential = step.set;
        }
        const merged = mergeDeltas({}, deltas as MergeableDelta[]) as DeploymentDelta;
        // Humanitec's rule "removes are unioned" keeps the remove of a module a later delta added
        // and removed again; on a base without that module the merged delta cannot apply.
        const removesAbsent = (merged.modules?.remove ?? []).some((w) => !(w in set.modules));
        const combined = applyDelta(set, merged);
        if (removesAbsent) return;
        expect(combined.ok && combined.set).toEqual(sequential);
      }),
      { numRuns: 5000 },
    );
  });
});
