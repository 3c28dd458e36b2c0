/** The public Template object: parse once, execute many times. */
import { DEFAULT_EXECUTION_LIMITS, type ExecutionLimits, ExecutionMeter } from "./budget";
import { GoTemplateError } from "./errors";
import { GoTime, LOCAL } from "./gotime";
import { type ExecEnv, State } from "./exec";
import { builtinFuncs } from "./funcs/builtins";
import { sprigFuncs } from "./funcs/sprig";
import type { FuncMap, RandomSource } from "./funcs/types";
import { type ParsedTree, Parser } from "./parser";
import { cryptoRandom } from "./random";
import type { GoValue } from "./values";

const NO_FUNCS: FuncMap = Object.freeze(Object.create(null) as FuncMap);

export interface ParseOptions {
  /** Extra functions (score-k8s's encodeSecretRef, ...); they override Sprig's and Go's. */
  funcs?: FuncMap;
  /** Include Sprig's text function map (default true); false gives plain text/template. */
  sprig?: boolean;
}

export interface ExecuteOptions {
  /** Functions to add or replace for this execution only (must exist at parse time too). */
  funcs?: FuncMap;
  /** Source for randAlpha, randAlphaNum, randNumeric, randAscii, randInt, uuidv4, shuffle, randBytes. */
  random?: RandomSource;
  /** Budgets for this execution (default DEFAULT_EXECUTION_LIMITS). */
  limits?: Readonly<ExecutionLimits>;
  /** Milliseconds since the epoch, for the time budget and Sprig's `now` (tests freeze it). */
  clock?: () => number;
}

export class Template {
  private constructor(
    readonly name: string,
    private readonly text: string,
    private readonly trees: Map<string, ParsedTree>,
    private readonly funcs: FuncMap,
    /** The function names the text calls in any of its templates (a superset: the parser also asks about break and continue). */
    readonly calledFunctions: ReadonlySet<string>,
  ) {}

  /** Parses `text` as the template `name`; throws GoTemplateError with Go's message. */
  static parse(name: string, text: string, options: ParseOptions = {}): Template {
    const base = options.sprig === false ? NO_FUNCS : sprigFuncs;
    // Sprig's map is frozen and shared; a copy is made only when the caller adds functions.
    const funcs: FuncMap = options.funcs ? Object.assign(Object.create(null) as FuncMap, base, options.funcs) : base;
    // the parser asks about every function identifier it meets: record them as it goes
    const called = new Set<string>();
    const hasFunction = (fn: string): boolean => {
      called.add(fn);
      return Object.prototype.hasOwnProperty.call(funcs, fn) || Object.prototype.hasOwnProperty.call(builtinFuncs, fn);
    };
    const trees = Parser.parse(name, text, hasFunction);
    return new Template(name, text, trees, funcs, called);
  }

  /** Names of the templates defined in the text ({{define}} / {{block}}), main one included. */
  definedTemplates(): string[] {
    return [...this.trees.keys()];
  }

  /** Executes the main template (or `templateName`) on data; throws GoTemplateError. */
  execute(data: GoValue, options: ExecuteOptions = {}, templateName = this.name): string {
    const funcs = options.funcs ? Object.assign(Object.create(null) as FuncMap, this.funcs, options.funcs) : this.funcs;
    const env: ExecEnv = {
      trees: this.trees,
      text: this.text,
      parseName: this.name,
      funcs,
      builtins: builtinFuncs,
      ctx: {
        random: options.random ?? cryptoRandom,
        meter: new ExecutionMeter(options.limits ?? DEFAULT_EXECUTION_LIMITS, options.clock),
        now: options.clock ? frozenNow(options.clock) : systemNow,
      },
    };
    const tree = this.trees.get(templateName);
    if (!tree) {
      throw new GoTemplateError(`template: no template "${templateName}" associated with template "${this.name}"`, {
        name: templateName,
        kind: "exec",
      });
    }
    const root = data === null ? undefined : data;
    return new State(env, templateName, root).run(tree.root, root);
  }
}

const PROCESS_START = process.hrtime.bigint();

/** time.Now: the wall clock to the nanosecond the platform gives, with Go's monotonic reading. */
function systemNow(): GoTime {
  const nanos = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  const seconds = nanos / 1_000_000_000n;
  return new GoTime(Number(seconds), Number(nanos - seconds * 1_000_000_000n), LOCAL, process.hrtime.bigint() - PROCESS_START);
}

/** A test's clock (milliseconds): no monotonic reading, like a time.Time made from a timestamp. */
function frozenNow(clock: () => number): () => GoTime {
  return () => {
    const ms = clock();
    const seconds = Math.floor(ms / 1000);
    return new GoTime(seconds, Math.round((ms - seconds * 1000) * 1e6), LOCAL);
  };
}
