/**
 * Execution budgets. Go's text/template trusts its author; Baton runs templates written by
 * whoever may edit a resource definition, on a server others use, so every execution is
 * metered: steps (actions, range iterations and template calls, plus the elements that list
 * builders such as `until` create), output size and wall time. Depth is bounded by Go's own
 * 100000-call template depth (see exec.ts).
 */

export interface ExecutionLimits {
  /** Actions, range iterations and template calls, plus elements created by until/seq/…. */
  maxSteps: number;
  /** Characters of output, and of any single string a function builds (repeat, …). */
  maxOutputBytes: number;
  /** Wall time for one execution. */
  timeoutMs: number;
}

export const DEFAULT_EXECUTION_LIMITS: Readonly<ExecutionLimits> = Object.freeze({
  maxSteps: 10_000_000,
  maxOutputBytes: 16 * 1024 * 1024,
  timeoutMs: 10_000,
});

export type BudgetKind = "steps" | "output" | "time";

/** Thrown by the meter; the executor turns it into a positioned TemplateBudgetError. */
export class BudgetExceeded extends Error {
  constructor(
    readonly budget: BudgetKind,
    message: string,
  ) {
    super(message);
    this.name = "BudgetExceeded";
  }
}

/** How often (in steps) the clock is read: often enough to stop within milliseconds, rarely enough to cost nothing. */
const CLOCK_EVERY = 1024;

export class ExecutionMeter {
  steps = 0;
  /** The step count at which `checkpoint` must run next (the hot path compares only this). */
  nextCheck: number;
  private readonly deadline: number;

  constructor(
    readonly limits: Readonly<ExecutionLimits>,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + limits.timeoutMs;
    this.nextCheck = Math.min(limits.maxSteps + 1, CLOCK_EVERY);
  }

  /** Called when `steps` reaches `nextCheck`, and with the output's current length. */
  checkpoint(outputLength: number): void {
    if (this.steps > this.limits.maxSteps) {
      throw new BudgetExceeded("steps", `step budget exhausted: more than ${this.limits.maxSteps} actions, range iterations and template calls`);
    }
    this.checkOutput(outputLength);
    if (this.now() > this.deadline) {
      throw new BudgetExceeded("time", `time budget exhausted: ran longer than ${this.limits.timeoutMs} ms`);
    }
    this.nextCheck = Math.min(this.limits.maxSteps + 1, this.steps + CLOCK_EVERY);
  }

  checkOutput(length: number): void {
    if (length > this.limits.maxOutputBytes) {
      throw new BudgetExceeded("output", `output budget exhausted: more than ${this.limits.maxOutputBytes} bytes`);
    }
  }

  /** For functions that create `count` elements at once (until, seq, …): each costs a step. */
  chargeSteps(count: number): void {
    this.steps += count;
    if (this.steps >= this.nextCheck) this.checkpoint(0);
  }

  /** For functions about to build a string of `length` characters (repeat, …). */
  chargeOutput(length: number): void {
    this.checkOutput(length);
  }
}
