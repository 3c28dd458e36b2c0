/**
 * Execution budgets: a template can run out of steps, output, time or depth, and then fails
 * with a positioned error naming the budget, quickly, instead of holding the process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Oracle, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { type ExecutionLimits, TemplateBudgetError, parseTemplate } from "@/lib/engine/gotemplate";
import { differencesFromGo } from "./harness";

const generous: ExecutionLimits = { maxSteps: 1_000_000, maxOutputBytes: 1_000_000, timeoutMs: 60_000 };

function budgetError(text: string, limits: Partial<ExecutionLimits> = {}, clock?: () => number): TemplateBudgetError {
  try {
    parseTemplate("init", text).execute(null, { limits: { ...generous, ...limits }, clock });
  } catch (err) {
    if (err instanceof TemplateBudgetError) return err;
    throw err;
  }
  throw new Error("the template finished within its budget");
}

describe("execution budgets", () => {
  it("stops a huge until before building the list, naming the function and the step budget", () => {
    const err = budgetError("a\n{{range $i := until 100000000}}x{{end}}");
    expect(err.budget).toBe("steps");
    expect(err.line).toBe(2);
    expect(err.message).toBe(
      'template: init:2:14: executing "init" at <until 100000000>: error calling until: step budget exhausted: more than 1000000 actions, range iterations and template calls',
    );
  });

  it("counts nested range iterations and actions", () => {
    const err = budgetError("{{range until 1000}}{{range until 1000}}{{.}}{{end}}{{end}}");
    expect(err.budget).toBe("steps");
    expect(err.message).toMatch(/^template: init:1:\d+: executing "init" at <.*>: step budget exhausted/);
  });

  it("counts untilStep and seq too", () => {
    expect(budgetError("{{untilStep 0 100000000 1}}").budget).toBe("steps");
    expect(budgetError("{{seq 100000000}}").budget).toBe("steps");
    // the other direction and empty ranges cost nothing
    expect(parseTemplate("t", "{{untilStep 0 100000000 -1}}{{until 0}}").execute(null, { limits: generous })).toBe("[][]");
  });

  it("bounds the output and single strings a function would build", () => {
    expect(budgetError("{{range until 100000}}0123456789{{.}}{{end}}").budget).toBe("output");
    const repeat = budgetError('{{ repeat 100000000 "ab" }}');
    expect(repeat.budget).toBe("output");
    expect(repeat.message).toContain("error calling repeat: output budget exhausted: more than 1000000 bytes");
    expect(budgetError('{{ "x" | indent 10000000 }}').budget).toBe("output");
  });

  it("stops on wall time, read from the injected clock", () => {
    let now = 0;
    const clock = () => (now += 50);
    const err = budgetError("{{range until 100000}}{{.}}{{end}}", { timeoutMs: 1000, maxOutputBytes: 1e9 }, clock);
    expect(err.budget).toBe("time");
    expect(err.message).toContain("time budget exhausted: ran longer than 1000 ms");
  });

  it("leaves templates within budget alone, with the default limits", () => {
    expect(parseTemplate("t", "{{range until 3}}{{.}}{{end}}").execute(null)).toBe("012");
  });
});

const haveGo = goAvailable();

describe.skipIf(!haveGo)("depth and fmt limits: exactly as Go", () => {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());

  const cases = [
    // endless recursion: Go stops at depth 100000; the JavaScript stack ends sooner, with Go's message
    '{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}',
    '{{define "a"}}a{{template "b" .}}{{end}}{{define "b"}}{{if .}}b{{template "a" .}}{{end}}{{end}}{{template "a" 1}}',
    // fmt ignores widths and precisions above 1e6 instead of padding to them
    '{{printf "%100000000d|" 1}}',
    '{{printf "%*d|" 100000000 1}}',
    '{{printf "%*d|" -100000000 1}}',
    '{{printf "%.*f|" 100000000 1.5}}',
    '{{printf "%.100000000f|x" 1.5}}',
    '{{printf "%1000000s|" "a" | len}}',
    '{{printf "%1000009s|" "a" | len}}',
  ];

  it("reports endless recursion and giant widths like Go", async () => {
    const requests = cases.map((template) => ({ name: "t", template, data: "", format: "none" as const }));
    expect(await differencesFromGo(oracle, requests)).toEqual([]);
  });

  it("marks the depth error as a depth budget", () => {
    let caught: unknown;
    try {
      parseTemplate("t", cases[0]).execute(null);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TemplateBudgetError);
    expect((caught as TemplateBudgetError).budget).toBe("depth");
  });
});
