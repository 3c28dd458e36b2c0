import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { shippedDefinitions } from "@/lib/cli/commands/plan";
import { plan } from "@/lib/engine/plan";
import { loadScore } from "@/lib/engine/score";

const repoRoot = path.resolve(__dirname, "../../..");
const scoreCorpus = path.resolve(repoRoot, "../shared/compat/score");
const present = existsSync(path.join(scoreCorpus, "invalid/expected.yaml"));
if (!present) console.warn(`skipping the later-stage invalid Score cases: ${scoreCorpus} is absent`);

const LATER_STAGES = new Set(["prime-resources", "provision-order", "provision", "generate"]);
const cases: { file: string; stage: string }[] = present
  ? (parse(readFileSync(path.join(scoreCorpus, "invalid/expected.yaml"), "utf8")) as { file: string; stage: string }[]).filter((c) => LATER_STAGES.has(c.stage))
  : [];

/** What Baton's plan error must say for each stage (the reference tools' wording where it carries over). */
const EXPECTED: Record<string, RegExp> = {
  "generate_test__image-dot-without-image-flag.yaml": /container 'example' has no image and --image was not provided/,
  "generate_test__env-var-in-file-must-resolve.yaml": /\$\{values\.UNKNOWN_SCORE_VARIABLE\}.*shared value "UNKNOWN_SCORE_VARIABLE" is not defined/,
  "generate_test__env-var-in-params-must-resolve.yaml": /\$\{values\.UNKNOWN_SCORE_VARIABLE\}.*shared value "UNKNOWN_SCORE_VARIABLE" is not defined/,
  "convert_test__before-healthy-without-probe.yaml": /containers\.init\.before: ready 'healthy' requires a readiness or liveness probe to be defined/,
  "state_test__same-resource-id-different-params.yaml": /resource 'thing\.default#elephant': multiple definitions with different params/,
  "state_test__same-resource-id-different-metadata.yaml": /resource 'thing\.default#elephant': multiple definitions with different metadata/,
  "state_test__param-placeholder-self-cycle.yaml": /a cycle exists involving resource param placeholders: res → res/,
  "state_test__param-placeholder-two-cycle.yaml": /a cycle exists involving resource param placeholders: res1 → res2 → res1/,
};

describe.skipIf(!present)("Score files the validator accepts but a plan must reject", () => {
  it("covers the eight later-stage cases", () => expect(cases).toHaveLength(8));
  for (const c of cases) {
    it(`${c.stage}: ${c.file}`, async () => {
      const loaded = loadScore(readFileSync(path.join(scoreCorpus, c.file), "utf8"), { file: c.file });
      expect(loaded.errors).toEqual([]);
      const result = await plan({
        context: { org_id: "acme", app_id: "corpus", env_id: "dev", env_type: "development" },
        definitions: shippedDefinitions(),
        workloads: [{ score: loaded.workload!, options: { fileName: "score.yaml" } }],
      });
      const expected = EXPECTED[path.basename(c.file)];
      expect(expected, `no expectation for ${c.file}`).toBeDefined();
      expect(result.errors.map((e) => e.message).join("\n")).toMatch(expected);
    });
  }
});
