/**
 * The same cases as real.test.ts against the client-layer double, which replays answers recorded
 * from the real apiserver (fixtures/*.json, written by `BATON_RECORD_K8S=1 npx vitest run
 * tests/engine/k8s/real.test.ts`). Fast, and runs where no cluster can be built.
 */
import { describe, expect, it } from "vitest";
import { targetCases } from "./cases";
import { doubleHarness, fixturePath } from "./support/harness";

describe("Kubernetes target against the recorded double", () => {
  for (const testCase of targetCases) {
    it(testCase.name, async () => {
      const session = doubleHarness(testCase.name);
      if (!session) throw new Error(`missing fixture ${fixturePath(testCase.name)}: record it with BATON_RECORD_K8S=1 against the real cluster`);
      await testCase.run(session.harness);
      expect(session.replay.unmatched).toEqual([]);
      expect(session.replay.fixture.server_version).toBe("v1.20.2");
    }, 30_000);
  }
});
