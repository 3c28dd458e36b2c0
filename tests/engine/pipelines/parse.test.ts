import { describe, expect, it } from "vitest";
import { checkRunInputs, parsePipelineYaml, pipelineJsonSchema, resolveInputs } from "@/lib/engine/pipelines";
import { PROMOTE } from "./fixtures";

function problemsOf(text: string) {
  const r = parsePipelineYaml(text);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("pipeline YAML", () => {
  it("reads Humanitec's example: jobs in needs order, steps with their actions", () => {
    const r = parsePipelineYaml(PROMOTE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pipeline.name).toBe("Promote with approval");
    expect(Object.keys(r.pipeline.triggers)).toEqual(["pipeline_call"]);
    expect(r.pipeline.jobs.map((j) => j.id)).toEqual(["approve", "promote"]);
    expect(r.pipeline.jobs[1].steps[0]).toMatchObject({ action: "deploy", with: { env_id: "production", from_env_id: "development" } });
  });

  it("orders a job after those it needs even when written first", () => {
    const r = parsePipelineYaml(PROMOTE.replace("jobs:\n  approve:", "jobs:\n  zeta:\n    needs: promote\n    steps:\n      - uses: actions/humanitec/wait@v1\n        with: { duration: 1s }\n  approve:"));
    expect(r.ok && r.pipeline.jobs.map((j) => j.id)).toEqual(["approve", "promote", "zeta"]);
  });

  it("names the field and line of each problem", () => {
    const problems = problemsOf(PROMOTE.replace("actions/humanitec/deploy@v1", "actions/humanitec/teleport@v1").replace("needs: [approve]", "needs: [aprove]"));
    expect(problems).toEqual([
      expect.objectContaining({ field: "jobs.promote.needs.0", line: 14, message: expect.stringContaining('"aprove" is not a job') }),
      expect.objectContaining({ field: "jobs.promote.steps.0.uses", line: 17, message: expect.stringContaining("unknown action") }),
    ]);
  });

  it("refuses missing and conflicting arguments, unknown fields and cycles", () => {
    const noEnv = problemsOf(PROMOTE.replace('message: "Promote development to production?", env_id: production', 'message: "ok?"'));
    expect(noEnv[0]).toMatchObject({ field: "jobs.approve.steps.0.with", line: 12, message: expect.stringContaining("env_id is required") });
    const both = problemsOf(PROMOTE.replace("from_env_id: development", "from_env_id: development, set_id: abc"));
    expect(both[0]).toMatchObject({ field: "jobs.promote.steps.0.with.set_id", message: "give exactly one of from_env_id, set_id, delta_id, deployment_id" });
    const unknown = problemsOf(PROMOTE.replace("kind: Pipeline", "kind: Pipeline\nspec: {}"));
    expect(unknown[0]).toMatchObject({ field: "spec", line: 3 });
    const cycle = problemsOf(PROMOTE.replace("  approve:\n    steps:", "  approve:\n    needs: promote\n    steps:"));
    expect(cycle.some((p) => p.message.includes("cycle"))).toBe(true);
    const syntax = problemsOf("apiVersion: [\n");
    expect(syntax[0]).toMatchObject({ field: "(document)", line: expect.any(Number) });
  });

  it("checks input references and run inputs", () => {
    const withInputs = PROMOTE.replace("pipeline_call: {}", "pipeline_call:\n    inputs:\n      target: { type: string, default: production }\n      count: { type: number, required: true }").replace("env_id: production, from_env_id", "env_id: \"${{ inputs.target }}\", from_env_id");
    const r = parsePipelineYaml(withInputs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(checkRunInputs(r.pipeline, { count: 2 })).toEqual({ ok: true, inputs: { count: 2, target: "production" } });
    expect(checkRunInputs(r.pipeline, { extra: 1 })).toMatchObject({ ok: false, problems: [{ field: "inputs.extra" }, { field: "inputs.count", message: "is required" }] });
    expect(resolveInputs({ env_id: "${{ inputs.target }}", comment: "to ${{ pipeline.inputs.target }}" }, { target: "staging" })).toEqual({ env_id: "staging", comment: "to staging" });
    const undeclared = problemsOf(PROMOTE.replace("env_id: production, from_env_id", "env_id: \"${{ inputs.nope }}\", from_env_id"));
    expect(undeclared[0]).toMatchObject({ field: "jobs.promote.steps.0.with.env_id", message: expect.stringContaining('input "nope"') });
    const expression = problemsOf(PROMOTE.replace("env_id: production, from_env_id", "env_id: \"${{ secrets.token }}\", from_env_id"));
    expect(expression[0].message).toContain("is not supported");
  });

  it("publishes a JSON schema naming every action", () => {
    const schema = JSON.stringify(pipelineJsonSchema());
    for (const a of ["approve", "deploy", "apply", "clone", "wait"]) expect(schema).toContain(`actions/humanitec/${a}@v1`);
  });
});
