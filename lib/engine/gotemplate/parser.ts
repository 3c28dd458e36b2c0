/**
 * Parser for Go's text/template, following Go's parse package step by step (three-token
 * lookahead included) so that accepted programs, trees and error messages match.
 */
import { GoTemplateError } from "./errors";
import { quoteGo } from "./fmt";
import { Item as ItemEnum, Lexer, type Token } from "./lexer";
import {
  type ArgNode,
  BoolNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  type Node,
  NilNode,
  NodeType as NodeTypeEnum,
  NumberNode,
  PipeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  ActionNode,
} from "./nodes";
import { SyntaxError_, unquote, unquoteCharConstant } from "./unquote";
import { parseGoIntBase0 } from "./decode";
import { utf8Length } from "./utf8";

export interface ParsedTree {
  name: string;
  root: ListNode;
}

// Local bindings: module-export getters (as tsx/CJS emit them) are slow in the hot loop.
const Item = ItemEnum;
type Item = ItemEnum;
const NodeType = NodeTypeEnum;
type NodeType = NodeTypeEnum;

class ParseError extends Error {
  constructor(
    message: string,
    readonly line = 0,
  ) {
    super(message);
  }
}

/** The lexer's tokens, consumed by the main parser and by nested define/block parsers. */
interface TokenStream {
  tokens: Token[];
  index: number;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function tokenString(t: Token): string {
  if (t.type === Item.EOF) return "EOF";
  if (t.type === Item.Error) return t.val;
  if (t.type > Item.Keyword) return `<${t.val}>`;
  if (utf8Length(t.val) > 10) return quoteGo(Array.from(t.val).slice(0, 10).join("")) + "...";
  return quoteGo(t.val);
}

const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  switch (n.type) {
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}

/** Parses int/uint/float forms of a number literal the way parse.newNumber does. */
function newNumber(pos: number, text: string, type: Item): NumberNode {
  const n = new NumberNode(pos, text);
  if (type === Item.CharConstant) {
    const r = unquoteCharConstant(text);
    n.int64 = BigInt(r);
    n.isInt = true;
    n.uint64 = BigInt(r);
    n.isUint = true;
    n.float64 = r;
    n.isFloat = true;
    return n;
  }
  if (type === Item.Complex || text.endsWith("i")) throw new ParseError(`complex number literals are not supported: ${text}`);
  if (text.includes("_") && !underscoreOK(text)) throw new ParseError(`illegal number syntax: ${quoteGo(text)}`);
  const body = text.replace(/_/g, "");
  const signed = parseGoIntBase0(body);
  const unsigned = body.startsWith("-") ? undefined : parseUnsigned(body);
  if (unsigned !== undefined) {
    n.isUint = true;
    n.uint64 = unsigned;
  }
  if (signed !== undefined) {
    n.isInt = true;
    n.int64 = signed;
    if (signed === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloatLiteral(body);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) throw new ParseError(`integer overflow: ${quoteGo(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isFinite(f) && Number.isInteger(f)) {
        const i = BigInt(f);
        if (i >= INT64_MIN && i <= INT64_MAX) {
          n.isInt = true;
          n.int64 = i;
        }
        if (i >= 0n && i <= UINT64_MAX) {
          n.isUint = true;
          n.uint64 = i;
        }
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new ParseError(`illegal number syntax: ${quoteGo(text)}`);
  return n;
}

/** strconv's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1])) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

function parseUnsigned(s: string): bigint | undefined {
  const body = s.startsWith("+") ? undefined : s;
  if (body === undefined) return undefined;
  const v = parseGoIntBase0(body);
  if (v !== undefined) return v >= 0n ? v : undefined;
  // beyond int64 but maybe within uint64
  if (!/^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(body)) return undefined;
  let n: bigint;
  if (/^0[xXbBoO]/.test(body)) n = BigInt("0" + body[1].toLowerCase() + body.slice(2));
  else if (body.length > 1 && body[0] === "0") n = BigInt("0o" + body.slice(1));
  else n = BigInt(body);
  return n <= UINT64_MAX ? n : undefined;
}

const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/;

function parseFloatLiteral(s: string): number | undefined {
  if (DECIMAL_FLOAT.test(s)) return Number(s);
  return undefined;
}

export class Parser {
  private stream: TokenStream = { tokens: [], index: 0 };
  private token: Token[] = [];
  private peekCount = 0;
  private vars: string[] = ["$"];
  private actionLine = 0;
  private rangeDepth = 0;
  name: string;
  root: ListNode | null = null;

  constructor(
    name: string,
    private readonly parseName: string,
    private readonly text: string,
    private readonly hasFunction: (name: string) => boolean,
    private readonly treeSet: Map<string, ParsedTree>,
  ) {
    this.name = name;
  }

  /** Parses the whole text; returns the tree set (main template plus definitions). */
  static parse(name: string, text: string, hasFunction: (name: string) => boolean): Map<string, ParsedTree> {
    const treeSet = new Map<string, ParsedTree>();
    const p = new Parser(name, name, text, hasFunction, treeSet);
    const lexer = new Lexer(text, !hasFunction("break"), !hasFunction("continue"));
    p.stream = { tokens: lexer.run(), index: 0 };
    try {
      p.parse();
      p.add();
    } catch (err) {
      if (err instanceof ParseError) {
        throw new GoTemplateError(err.message, { name, kind: "parse", line: err.line });
      }
      throw err;
    }
    return treeSet;
  }

  private errorf(message: string): never {
    this.root = null;
    const line = this.token[0]?.line ?? 1;
    throw new ParseError(`template: ${this.parseName}:${line}: ${message}`, line);
  }

  // ---- token stream with Go's lookahead ------------------------------------------------

  private nextItem(): Token {
    const s = this.stream;
    const t = s.tokens[s.index];
    if (s.index < s.tokens.length - 1) s.index++;
    return t;
  }

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.type === Item.Space);
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private expect(expected: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== expected) this.unexpected(t, context);
    return t;
  }

  private expectOneOf(e1: Item, e2: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== e1 && t.type !== e2) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === Item.Error) {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(`${tokenString(t)}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  // ---- grammar ---------------------------------------------------------------------------

  private add(): void {
    const existing = this.treeSet.get(this.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, { name: this.name, root: this.root! });
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quoteGo(this.name)}`);
  }

  /** A parser for a nested define/block body: its own lookahead, the shared token stream. */
  private spawn(name: string): Parser {
    const p = new Parser(name, this.parseName, this.text, this.hasFunction, this.treeSet);
    p.stream = this.stream;
    return p;
  }

  private parse(): void {
    this.root = new ListNode(this.peek().pos);
    while (this.peek().type !== Item.EOF) {
      if (this.peek().type === Item.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().type === Item.Define) {
          this.spawn("definition").parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${n.toString()}`);
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = "define clause";
    const name = this.expectOneOf(Item.String, Item.RawString, context);
    try {
      this.name = unquote(name.val);
    } catch (err) {
      if (err instanceof SyntaxError_) this.errorf(err.message);
      throw err;
    }
    this.expect(Item.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = new ListNode(this.peekNonSpace().pos);
    while (this.peekNonSpace().type !== Item.EOF) {
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Text:
        return new TextNode(t.pos, t.val);
      case Item.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, "input");
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
        return this.breakControl(t.pos, t.line);
      case Item.Continue:
        return this.continueControl(t.pos, t.line);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return this.endControl();
      case Item.If:
        return this.branchControl(NodeType.If, true, "if");
      case Item.Range:
        return this.branchControl(NodeType.Range, false, "range");
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.branchControl(NodeType.With, false, "with");
    }
    this.backup();
    const token = this.peek();
    return new ActionNode(token.pos, token.line, this.pipeline("command", Item.RightDelim));
  }

  private breakControl(pos: number, line: number): Node {
    const t = this.nextNonSpace();
    if (t.type !== Item.RightDelim) this.unexpected(t, "{{break}}");
    if (this.rangeDepth === 0) this.errorf("{{break}} outside {{range}}");
    return new BreakNode(pos, line);
  }

  private continueControl(pos: number, line: number): Node {
    const t = this.nextNonSpace();
    if (t.type !== Item.RightDelim) this.unexpected(t, "{{continue}}");
    if (this.rangeDepth === 0) this.errorf("{{continue}} outside {{range}}");
    return new ContinueNode(pos, line);
  }

  private pipeline(context: string, end: Item): PipeNode {
    const first = this.peekNonSpace();
    const pipe = new PipeNode(first.pos, first.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type === Item.Variable) {
        this.next();
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.type === Item.Assign || next.type === Item.Declare) {
          pipe.isAssign = next.type === Item.Assign;
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(v.pos, v.val));
          this.vars.push(v.val);
        } else if (next.type === Item.Char && next.val === ",") {
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(v.pos, v.val));
          this.vars.push(v.val);
          if (context === "range" && pipe.decl.length < 2) {
            const p = this.peekNonSpace().type;
            if (p === Item.Variable || p === Item.RightDelim || p === Item.RightParen) continue decls;
            this.errorf("range can only initialize variables");
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.type === Item.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.type) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i].args[0].type;
      if (t === NodeType.Bool || t === NodeType.Dot || t === NodeType.Nil || t === NodeType.Number || t === NodeType.String) {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branchControl(type: NodeTypeEnum.If | NodeTypeEnum.Range | NodeTypeEnum.With, allowElseIf: boolean, context: string): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (context === "range") this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === "range") this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === NodeType.Else) {
        if (allowElseIf && this.peek().type === Item.If) {
          this.next();
          elseList = new ListNode(next.pos);
          elseList.nodes.push(this.branchControl(NodeType.If, true, "if"));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== NodeType.End) this.errorf(`expected end; found ${next.toString()}`);
        }
      }
      return new BranchNode(type, pipe.pos, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private endControl(): Node {
    return new EndNode(this.expect(Item.RightDelim, "end").pos);
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === Item.If) return new ElseNode(peek.pos, peek.line);
    const t = this.expect(Item.RightDelim, "else");
    return new ElseNode(t.pos, t.line);
  }

  private blockControl(): Node {
    const context = "block clause";
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const block = this.spawn(name);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    block.add();
    return new TemplateNode(t.pos, t.line, name, pipe);
  }

  private templateControl(): Node {
    const context = "template clause";
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return new TemplateNode(t.pos, t.line, name, pipe);
  }

  private parseTemplateName(t: Token, context: string): string {
    if (t.type === Item.String || t.type === Item.RawString) {
      try {
        return unquote(t.val);
      } catch (err) {
        if (err instanceof SyntaxError_) this.errorf(err.message);
        throw err;
      }
    }
    this.unexpected(t, context);
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === Item.Space) continue;
      if (t.type === Item.RightDelim || t.type === Item.RightParen) this.backup();
      else if (t.type !== Item.Pipe) this.unexpected(t, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): ArgNode | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().type === Item.Field) {
      const chain = new ChainNode(this.peek().pos, node);
      while (this.peek().type === Item.Field) chain.add(this.next().val);
      switch (node.type) {
        case NodeType.Field:
          node = new FieldNode(chain.pos, chain.toString());
          break;
        case NodeType.Variable:
          node = new VariableNode(chain.pos, chain.toString());
          break;
        case NodeType.Bool:
        case NodeType.String:
        case NodeType.Number:
        case NodeType.Nil:
        case NodeType.Dot:
          this.errorf(`unexpected . after term ${quoteGo(node.toString())}`);
        // falls through (errorf never returns)
        default:
          node = chain;
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Identifier:
        if (!this.hasFunction(t.val)) this.errorf(`function ${quoteGo(t.val)} not defined`);
        return new IdentifierNode(t.pos, t.val);
      case Item.Dot:
        return new DotNode(t.pos);
      case Item.Nil:
        return new NilNode(t.pos);
      case Item.Variable:
        return this.useVar(t.pos, t.val);
      case Item.Field:
        return new FieldNode(t.pos, t.val);
      case Item.Bool:
        return new BoolNode(t.pos, t.val === "true");
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number:
        try {
          return newNumber(t.pos, t.val, t.type);
        } catch (err) {
          if (err instanceof SyntaxError_ || err instanceof ParseError || err instanceof Error) this.errorf(err.message);
          throw err;
        }
      case Item.LeftParen:
        return this.pipeline("parenthesized pipeline", Item.RightParen);
      case Item.String:
      case Item.RawString:
        try {
          return new StringNode(t.pos, t.val, unquote(t.val));
        } catch (err) {
          if (err instanceof SyntaxError_) this.errorf(err.message);
          throw err;
        }
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = new VariableNode(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quoteGo(v.ident[0])}`);
    return v;
  }
}
