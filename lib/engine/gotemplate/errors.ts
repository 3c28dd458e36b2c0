/** Errors carrying Go's exact message text plus structured position information. */
export interface GoTemplateErrorInfo {
  /** Template name (the file or field the template came from). */
  name: string;
  kind: "parse" | "exec";
  /** 1-based line of the failing token or node. */
  line?: number;
  /** Go's column: 0-based byte offset within the line (exec errors only). */
  column?: number;
}

/**
 * A parse or execution error. `message` is exactly what Go's text/template returns, e.g.
 * `template: init:9:115: executing "init" at <.cookie.name>: nil pointer evaluating interface {}.name`.
 */
export class GoTemplateError extends Error {
  readonly templateName: string;
  readonly kind: "parse" | "exec";
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, info: GoTemplateErrorInfo) {
    super(message);
    this.name = "GoTemplateError";
    this.templateName = info.name;
    this.kind = info.kind;
    this.line = info.line;
    this.column = info.column;
  }
}

export type TemplateBudget = "steps" | "output" | "time" | "depth";

/** An execution stopped by one of its budgets (see budget.ts); `budget` says which. */
export class TemplateBudgetError extends GoTemplateError {
  constructor(
    message: string,
    readonly budget: TemplateBudget,
    info: GoTemplateErrorInfo,
  ) {
    super(message, info);
    this.name = "TemplateBudgetError";
  }
}

/**
 * Thrown by template functions for a Go error return (or a recovered panic); the executor
 * reports it as `error calling NAME: MESSAGE`.
 */
export class GoFuncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoFuncError";
  }
}
