/**
 * The executor: walks a parsed tree with Go's text/template semantics (exec.go), on the
 * GoValue model. Current-node tracking follows Go's `s.at(...)` calls so error contexts match.
 */
import { BudgetExceeded, type ExecutionMeter } from "./budget";
import { GoObject } from "./object";
import { GoFuncError, GoTemplateError, type TemplateBudget, TemplateBudgetError } from "./errors";
import { formatValue, quoteGo } from "./fmt";
import { type CallContext, type FuncMap, GO_PARAM_TYPE_NAMES, type GoFunc, type GoParamType } from "./funcs/types";
import {
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  NodeType as NodeTypeEnum,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from "./nodes";
import type { ParsedTree } from "./parser";
import { utf8Length } from "./utf8";
import * as values from "./values";
import type { GoMap, GoValue } from "./values";

// Local bindings: module-export getters (as tsx/CJS emit them) are slow in the hot loop.
const NodeType = NodeTypeEnum;
const { Int64, elementsAreInterfaces, goTypeName, isMap, isTrue, mapHas, nilMap, nilSlice, sortedKeys } = values;
type NodeType = NodeTypeEnum;

const MAX_EXEC_DEPTH = 100000;

/** Marks "no final argument" (Go's missingVal), distinct from the invalid value undefined. */
const MISSING: unique symbol = Symbol("missing");
type Final = GoValue | typeof MISSING;

const BREAK = { signal: "break" };
const CONTINUE = { signal: "continue" };

interface Variable {
  name: string;
  value: GoValue;
  /** True when the value sits in an interface{} slot (affects Go's type names in errors). */
  boxed: boolean;
}

export interface ExecEnv {
  trees: Map<string, ParsedTree>;
  text: string;
  parseName: string;
  funcs: FuncMap;
  builtins: FuncMap;
  ctx: CallContext;
}

class ExecAbort extends Error {}

export class State {
  node: Node | null = null;
  vars: Variable[];
  out = "";
  depth = 0;
  private boxedResult = false;
  private readonly meter: ExecutionMeter;
  private readonly maxOutput: number;
  /**
   * Where the JavaScript stack ran out, recorded by the innermost frame that could (nothing
   * more is safe to do that deep) and reported once the stack has unwound.
   */
  private overflowNode: Node | null = null;
  private overflowTemplate = "";
  private overflowDepth = -1;
  /** The {{template}} node entered at each depth, and the template it sits in. */
  private readonly callNodes: TemplateNode[] = [];
  private readonly callTemplates: string[] = [];

  constructor(
    private readonly env: ExecEnv,
    private tmplName: string,
    root: GoValue,
  ) {
    this.vars = [{ name: "$", value: root, boxed: false }];
    this.meter = env.ctx.meter;
    this.maxOutput = this.meter.limits.maxOutputBytes;
  }

  // ---- errors --------------------------------------------------------------------------

  errorf(message: string, budget?: TemplateBudget): never {
    const name = this.tmplName;
    if (!this.node) {
      const text = `template: ${name}: ${message}`;
      throw budget ? new TemplateBudgetError(text, budget, { name, kind: "exec" }) : new GoTemplateError(text, { name, kind: "exec" });
    }
    const { line, column } = this.position(this.node.pos);
    const location = `${this.env.parseName}:${line}:${column}`;
    const text = `template: ${location}: executing ${quoteGo(name)} at <${this.node.toString()}>: ${message}`;
    const info = { name, kind: "exec" as const, line, column };
    throw budget ? new TemplateBudgetError(text, budget, info) : new GoTemplateError(text, info);
  }

  /** The hot path calls this only when the step count reaches the meter's next checkpoint. */
  private checkBudget(): void {
    try {
      this.meter.checkpoint(this.out.length);
    } catch (e) {
      if (e instanceof BudgetExceeded) this.errorf(e.message, e.budget);
      throw e;
    }
  }

  private position(pos: number): { line: number; column: number } {
    const text = this.env.text;
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < pos; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: utf8Length(text.slice(lineStart, pos)) };
  }

  // ---- variables -----------------------------------------------------------------------

  private push(name: string, value: GoValue, boxed: boolean): void {
    this.vars.push({ name, value, boxed });
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].boxed = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varEntry(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking -------------------------------------------------------------------------

  walk(dot: GoValue, dotBoxed: boolean, node: Node): void {
    this.node = node;
    switch (node.type) {
      case NodeType.Action: {
        if (++this.meter.steps >= this.meter.nextCheck) this.checkBudget();
        const val = this.evalPipeline(dot, dotBoxed, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.node = node;
          this.out += val === undefined ? "<no value>" : typeof val === "string" ? val : formatValue(val);
          if (this.out.length > this.maxOutput) this.checkBudget();
        }
        return;
      }
      case NodeType.Text:
        this.out += node.text;
        return;
      case NodeType.List: {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) this.walk(dot, dotBoxed, nodes[i]);
        return;
      }
      case NodeType.If:
      case NodeType.With:
        this.walkIfOrWith(dot, dotBoxed, node);
        return;
      case NodeType.Range:
        this.walkRange(dot, dotBoxed, node);
        return;
      case NodeType.Template:
        this.walkTemplate(dot, dotBoxed, node);
        return;
      case NodeType.Break:
        throw BREAK;
      case NodeType.Continue:
        throw CONTINUE;
    }
    this.errorf(`unknown node: ${String(node)}`);
  }

  private walkIfOrWith(dot: GoValue, dotBoxed: boolean, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, dotBoxed, node.pipe);
      if (isTrue(val)) {
        if (node.type === NodeType.With) this.walk(val, false, node.list);
        else this.walk(dot, dotBoxed, node.list);
      } else if (node.elseList) {
        this.walk(dot, dotBoxed, node.elseList);
      }
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: GoValue, dotBoxed: boolean, r: BranchNode): void {
    this.node = r;
    const outerMark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, dotBoxed, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl.length;
      const iterate = (index: GoValue, elem: GoValue, elemBoxed: boolean): void => {
        if (decl > 0) {
          const v = this.vars[this.vars.length - 1];
          v.value = elem;
          v.boxed = elemBoxed;
        }
        if (decl > 1) {
          const v = this.vars[this.vars.length - 2];
          v.value = index;
          v.boxed = false;
        }
        if (++this.meter.steps >= this.meter.nextCheck) this.checkBudget();
        try {
          this.walk(elem, elemBoxed, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      try {
        if (Array.isArray(val)) {
          if (val.length > 0) {
            const boxed = elementsAreInterfaces(val);
            for (let i = 0; i < val.length; i++) iterate(BigInt(i), val[i], boxed);
            return;
          }
        } else if (isMap(val)) {
          const keys = sortedKeys(val);
          if (keys.length > 0) {
            const boxed = elementsAreInterfaces(val);
            for (const k of keys) iterate(k, val[k], boxed);
            return;
          }
        } else if (val !== undefined && val !== null) {
          this.errorf(`range can't iterate over ${formatValue(val)}`);
        }
      } catch (e) {
        if (e === BREAK) return;
        throw e;
      }
      if (r.elseList) this.walk(dot, dotBoxed, r.elseList);
    } finally {
      this.vars.length = outerMark;
    }
  }

  private walkTemplate(dot: GoValue, dotBoxed: boolean, t: TemplateNode): void {
    this.node = t;
    const tree = this.env.trees.get(t.name);
    if (!tree) this.errorf(`template ${quoteGo(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`, "depth");
    if (++this.meter.steps >= this.meter.nextCheck) this.checkBudget();
    this.callNodes[this.depth] = t;
    this.callTemplates[this.depth] = this.tmplName;
    const newDot = t.pipe ? this.evalPipeline(dot, dotBoxed, t.pipe) : undefined;
    const saved = { vars: this.vars, name: this.tmplName };
    this.vars = [{ name: "$", value: newDot, boxed: false }];
    this.tmplName = t.name;
    this.depth++;
    try {
      this.walk(newDot, false, tree.root);
    } catch (e) {
      // Only plain assignments this deep: anything that calls could overflow again.
      if (e instanceof RangeError && this.overflowNode === null) {
        this.overflowNode = t;
        this.overflowTemplate = saved.name;
        this.overflowDepth = this.depth - 1;
      }
      throw e;
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tmplName = saved.name;
    }
  }

  // ---- pipelines and commands ----------------------------------------------------------

  evalPipeline(dot: GoValue, dotBoxed: boolean, pipe: PipeNode): GoValue {
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      const v = this.evalCommand(dot, dotBoxed, cmds[i], value);
      // Go unwraps interface{} results: a nil interface becomes the invalid value.
      value = v === null ? undefined : v;
    }
    const result = value === MISSING ? undefined : value;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], result);
      else this.push(decl[i].ident[0], result, false);
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0].toString()}`);
  }

  private evalCommand(dot: GoValue, dotBoxed: boolean, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, dotBoxed, first, cmd.args, final);
      case NodeType.Chain:
        return this.evalChainNode(dot, dotBoxed, first, cmd.args, final);
      case NodeType.Identifier:
        return this.evalFunction(dot, dotBoxed, first, cmd, cmd.args, final);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotBoxed, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, dotBoxed, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        return dot;
      case NodeType.Nil:
        this.errorf("nil is not a command");
      // eslint-disable-next-line no-fallthrough
      case NodeType.Number:
        return this.idealConstant(first);
      case NodeType.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${quoteGo(String(first))}`);
  }

  private idealConstant(n: NumberNode): GoValue {
    this.node = n;
    const t = n.text;
    const isHexInt = t.length > 2 && t[0] === "0" && (t[1] === "x" || t[1] === "X") && !/[pP]/.test(t);
    if (n.isFloat && !isHexInt && t[0] !== "'" && /[.eEpP]/.test(t)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, dotBoxed: boolean, field: FieldNode, args: readonly ArgNode[], final: Final): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, dotBoxed, dot, dotBoxed, field, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, dotBoxed: boolean, chain: ChainNode, args: readonly ArgNode[], final: Final): GoValue {
    this.node = chain;
    if (chain.field.length === 0) this.errorf("internal error: no fields in evalChainNode");
    if (chain.node.type === NodeType.Nil) this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    const pipe = this.evalArg(dot, dotBoxed, null, chain.node);
    return this.evalFieldChain(dot, dotBoxed, pipe, this.boxedResult, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: GoValue, dotBoxed: boolean, variable: VariableNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = variable;
    const entry = this.varEntry(variable.ident[0]);
    if (variable.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      this.boxedResult = entry.boxed;
      return entry.value;
    }
    return this.evalFieldChain(dot, dotBoxed, entry.value, entry.boxed, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    dotBoxed: boolean,
    receiver: GoValue,
    receiverBoxed: boolean,
    node: Node,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, dotBoxed, node, ident[i], null, MISSING, receiver, receiverBoxed);
      receiverBoxed = this.boxedResult;
    }
    return this.evalField(dot, dotBoxed, node, ident[n - 1], args, final, receiver, receiverBoxed);
  }

  /** One `.name` step; sets boxedResult for the next step. */
  private evalField(
    dot: GoValue,
    dotBoxed: boolean,
    node: Node,
    fieldName: string,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: GoValue,
    receiverBoxed: boolean,
  ): GoValue {
    if (receiver === undefined) {
      this.boxedResult = false;
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      this.boxedResult = elementsAreInterfaces(receiver);
      return mapHas(receiver, fieldName) ? (receiver as GoMap)[fieldName] : undefined;
    }
    if (receiver instanceof GoObject) {
      const method = receiver.member(fieldName);
      if (method) {
        this.boxedResult = false;
        return this.evalCall(dot, dotBoxed, method, false, node, fieldName, args, final);
      }
    }
    // the receiver's type name only appears in this error
    this.errorf(`can't evaluate field ${fieldName} in type ${receiverBoxed ? "interface {}" : goTypeName(receiver)}`);
  }

  private evalFunction(
    dot: GoValue,
    dotBoxed: boolean,
    node: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    this.node = node;
    const name = node.ident;
    let fn = this.env.funcs[name];
    let isBuiltin = false;
    if (fn === undefined || !Object.prototype.hasOwnProperty.call(this.env.funcs, name)) {
      fn = this.env.builtins[name];
      isBuiltin = true;
      if (fn === undefined || !Object.prototype.hasOwnProperty.call(this.env.builtins, name)) {
        this.errorf(`${quoteGo(name)} is not a defined function`);
      }
    }
    return this.evalCall(dot, dotBoxed, fn, isBuiltin, cmd, name, args, final);
  }

  private evalCall(
    dot: GoValue,
    dotBoxed: boolean,
    fn: GoFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    allArgs: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const argCount = allArgs ? allArgs.length - 1 : 0;
    let numIn = argCount;
    if (final !== MISSING) numIn++;
    const nParams = fn.params.length + (fn.variadic ? 1 : 0);
    let numFixed = argCount;
    if (fn.variadic) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${argCount}`);
    } else if (numIn !== nParams) {
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    }

    if (isBuiltin && (name === "and" || name === "or")) {
      const wantTruth = name === "or";
      let v: GoValue = undefined;
      for (let i = 1; i <= argCount; i++) {
        v = this.evalArg(dot, dotBoxed, "value", allArgs![i]);
        if (isTrue(v) === wantTruth) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: GoValue[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < argCount; i++) argv[i] = this.evalArg(dot, dotBoxed, fn.params[i], allArgs![i + 1]);
    if (fn.variadic) {
      for (; i < argCount; i++) argv[i] = this.evalArg(dot, dotBoxed, fn.variadic, allArgs![i + 1]);
    }
    if (final !== MISSING) {
      let t: GoParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      else t = fn.params[fn.params.length - 1];
      argv[i] = this.validateType(final, false, t);
    }
    try {
      return fn.fn(argv, this.env.ctx);
    } catch (err) {
      if (err instanceof GoTemplateError) throw err;
      this.node = node;
      if (err instanceof GoFuncError) this.errorf(`error calling ${name}: ${err.message}`);
      if (err instanceof BudgetExceeded) this.errorf(`error calling ${name}: ${err.message}`, err.budget);
      if (err instanceof RangeError) {
        if (this.overflowNode === null) {
          this.overflowNode = node;
          this.overflowTemplate = this.tmplName;
        }
        throw err;
      }
      this.errorf(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Go's validateType: checks (and unwraps) a value against a parameter type. */
  private validateType(value: GoValue, boxed: boolean, typ: GoParamType | null): GoValue {
    void boxed;
    if (value === undefined) {
      if (typ === null || typ === "value") return undefined;
      switch (typ) {
        case "any":
          return null;
        case "map":
        case "slice":
        case "stringSlice":
          return undefined === value ? nilOf(typ) : value;
      }
      this.errorf(`invalid value; expected ${GO_PARAM_TYPE_NAMES[typ]}`);
    }
    if (typ === null || typ === "value" || typ === "any") return value;
    if (assignable(value, typ)) return value;
    this.errorf(`wrong type for value; expected ${GO_PARAM_TYPE_NAMES[typ]}; got ${value === null ? "interface {}" : goTypeName(value)}`);
  }

  /** Evaluates one argument for a parameter of type typ (null = untyped, as for chain heads). */
  private evalArg(dot: GoValue, dotBoxed: boolean, typ: GoParamType | null, n: ArgNode): GoValue {
    this.node = n;
    this.boxedResult = false;
    switch (n.type) {
      case NodeType.Dot:
        this.boxedResult = dotBoxed;
        return this.validateType(dot, dotBoxed, typ);
      case NodeType.Nil:
        if (typ === "any") return null;
        if (typ === "value") return undefined;
        if (typ === "map" || typ === "slice" || typ === "stringSlice") return nilOf(typ);
        this.errorf(`cannot assign nil to ${typ === null ? "<nil>" : GO_PARAM_TYPE_NAMES[typ]}`);
      // eslint-disable-next-line no-fallthrough
      case NodeType.Field: {
        const v = this.evalFieldNode(dot, dotBoxed, n, [n], MISSING);
        const boxed = this.boxedResult;
        const r = this.validateType(v, boxed, typ);
        this.boxedResult = boxed;
        return r;
      }
      case NodeType.Variable: {
        const v = this.evalVariableNode(dot, dotBoxed, n, null, MISSING);
        const boxed = this.boxedResult;
        const r = this.validateType(v, boxed, typ);
        this.boxedResult = boxed;
        return r;
      }
      case NodeType.Pipe: {
        const v = this.evalPipeline(dot, dotBoxed, n);
        this.boxedResult = false;
        return this.validateType(v, false, typ);
      }
      case NodeType.Identifier: {
        const v = this.evalFunction(dot, dotBoxed, n, n, null, MISSING);
        this.boxedResult = false;
        return this.validateType(v, false, typ);
      }
      case NodeType.Chain: {
        const v = this.evalChainNode(dot, dotBoxed, n, [n], MISSING);
        const boxed = this.boxedResult;
        const r = this.validateType(v, boxed, typ);
        this.boxedResult = boxed;
        return r;
      }
    }
    switch (typ) {
      case "bool":
        if (n.type === NodeType.Bool) return n.value;
        this.errorf(`expected bool; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case "float64":
        if (n.type === NodeType.Number && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case "int":
      case "int64":
        if (n.type === NodeType.Number && n.isInt) return typ === "int" ? n.int64 : new Int64(n.int64);
        this.errorf(`expected integer; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case "uint32":
        // Go's SetUint truncates to the parameter's width
        if (n.type === NodeType.Number && n.isUint) return BigInt.asUintN(32, n.uint64);
        this.errorf(`expected unsigned integer; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case "string":
        if (n.type === NodeType.String) return n.text;
        this.errorf(`expected string; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case "any":
      case "value":
      case null:
        this.node = n;
        if (n.type === NodeType.Bool) return n.value;
        if (n.type === NodeType.Number) return this.idealConstant(n);
        if (n.type === NodeType.String) return n.text;
        break;
    }
    this.errorf(`can't handle ${n.toString()} for arg of type ${GO_PARAM_TYPE_NAMES[typ as GoParamType]}`);
  }

  /**
   * Endless recursion repeats a cycle of template calls. Go fails at the call made at depth
   * MAX_EXEC_DEPTH; with the cycle's period known, that is the call at the same phase of the
   * cycle as depth `deepest`'s, shifted — so the error names the node Go names.
   */
  private depthLimitCall(deepest: number): number {
    const sameCall = (a: number, b: number): boolean => this.callNodes[a] === this.callNodes[b] && this.callTemplates[a] === this.callTemplates[b];
    for (let period = 1; period <= Math.min(1000, deepest >> 1); period++) {
      const span = Math.min(deepest - period, 4 * period + 16);
      let periodic = true;
      for (let j = 0; j <= span && periodic; j++) periodic = sameCall(deepest - j, deepest - j - period);
      if (periodic) return deepest - ((((deepest - MAX_EXEC_DEPTH) % period) + period) % period);
    }
    return deepest;
  }

  /** Runs a whole template body. */
  run(root: ListNode, dot: GoValue): string {
    try {
      this.walk(dot, false, root);
    } catch (e) {
      if (e === BREAK || e === CONTINUE) throw new ExecAbort("break/continue outside range");
      if (e instanceof RangeError) this.reportOverflow(e);
      throw e;
    }
    return this.out;
  }

  /**
   * The JavaScript stack is smaller than Go's template depth allows, so deep recursion ends
   * here: reported as Go reports its depth limit, at the innermost template call.
   */
  private reportOverflow(e: RangeError): never {
    const at = this.overflowNode;
    if (at === null) throw e;
    this.node = at;
    this.tmplName = this.overflowTemplate;
    if (this.overflowDepth >= 0) {
      const k = this.depthLimitCall(this.overflowDepth);
      this.node = this.callNodes[k];
      this.tmplName = this.callTemplates[k];
      this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`, "depth");
    }
    this.errorf(`error calling ${(at as IdentifierNode).ident ?? "function"}: ${e.message}`, "depth");
  }
}

function nilOf(typ: "map" | "slice" | "stringSlice"): GoValue {
  return typ === "map" ? nilMap() : nilSlice(typ === "stringSlice" ? "[]string" : "[]interface {}");
}

function assignable(v: GoValue, typ: GoParamType): boolean {
  switch (typ) {
    case "string":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "int":
      return typeof v === "bigint";
    case "int64":
      return v instanceof Int64 && v.type === "int64";
    case "float64":
      return typeof v === "number";
    case "uint32":
      return false; // no template value has that type: only literals convert
    case "time":
    case "certificate":
      return v instanceof GoObject && v.goType === GO_PARAM_TYPE_NAMES[typ];
    case "map":
      return isMap(v) && goTypeName(v) === "map[string]interface {}";
    case "slice":
      return Array.isArray(v) && goTypeName(v) === "[]interface {}";
    case "stringSlice":
      return Array.isArray(v) && goTypeName(v) === "[]string";
    default:
      return true;
  }
}
