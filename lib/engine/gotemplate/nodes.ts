/**
 * Parse tree, shaped like Go's text/template/parse nodes. `toString()` reproduces Go's
 * String() output, which Go prints as the context of execution errors ("at <.a.b>").
 */
import { quoteGo } from "./fmt";

export enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Else,
  End,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
}

export type Node =
  | TextNode
  | ActionNode
  | BoolNode
  | ChainNode
  | CommandNode
  | DotNode
  | ElseNode
  | EndNode
  | FieldNode
  | IdentifierNode
  | BranchNode
  | ListNode
  | NilNode
  | NumberNode
  | PipeNode
  | StringNode
  | TemplateNode
  | VariableNode
  | BreakNode
  | ContinueNode;

/** Nodes that may appear as a command's operand. */
export type ArgNode =
  | BoolNode
  | ChainNode
  | DotNode
  | FieldNode
  | IdentifierNode
  | NilNode
  | NumberNode
  | PipeNode
  | StringNode
  | VariableNode;

export class ListNode {
  readonly type = NodeType.List;
  nodes: Node[] = [];
  constructor(readonly pos: number) {}
  toString(): string {
    return this.nodes.map(String).join("");
  }
}

export class TextNode {
  readonly type = NodeType.Text;
  constructor(
    readonly pos: number,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export class PipeNode {
  readonly type = NodeType.Pipe;
  isAssign = false;
  decl: VariableNode[] = [];
  cmds: CommandNode[] = [];
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    let s = "";
    if (this.decl.length > 0) s = this.decl.map(String).join(", ") + " := ";
    return s + this.cmds.map(String).join(" | ");
  }
}

export class ActionNode {
  readonly type = NodeType.Action;
  constructor(
    readonly pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {}
  toString(): string {
    return "{{" + this.pipe.toString() + "}}";
  }
}

export class CommandNode {
  readonly type = NodeType.Command;
  args: ArgNode[] = [];
  constructor(readonly pos: number) {}
  toString(): string {
    return this.args.map((a) => (a.type === NodeType.Pipe ? "(" + a.toString() + ")" : a.toString())).join(" ");
  }
}

export class IdentifierNode {
  readonly type = NodeType.Identifier;
  constructor(
    readonly pos: number,
    readonly ident: string,
  ) {}
  toString(): string {
    return this.ident;
  }
}

export class VariableNode {
  readonly type = NodeType.Variable;
  readonly ident: string[];
  constructor(
    readonly pos: number,
    name: string,
  ) {
    this.ident = name.split(".");
  }
  toString(): string {
    return this.ident.join(".");
  }
}

export class DotNode {
  readonly type = NodeType.Dot;
  constructor(readonly pos: number) {}
  toString(): string {
    return ".";
  }
}

export class NilNode {
  readonly type = NodeType.Nil;
  constructor(readonly pos: number) {}
  toString(): string {
    return "nil";
  }
}

export class FieldNode {
  readonly type = NodeType.Field;
  readonly ident: string[];
  constructor(
    readonly pos: number,
    name: string,
  ) {
    this.ident = name.slice(1).split(".");
  }
  toString(): string {
    return "." + this.ident.join(".");
  }
}

export class ChainNode {
  readonly type = NodeType.Chain;
  field: string[] = [];
  constructor(
    readonly pos: number,
    readonly node: ArgNode,
  ) {}
  add(field: string): void {
    this.field.push(field.slice(1));
  }
  toString(): string {
    const head = this.node.type === NodeType.Pipe ? "(" + this.node.toString() + ")" : this.node.toString();
    return head + this.field.map((f) => "." + f).join("");
  }
}

export class BoolNode {
  readonly type = NodeType.Bool;
  constructor(
    readonly pos: number,
    readonly value: boolean,
  ) {}
  toString(): string {
    return this.value ? "true" : "false";
  }
}

export class NumberNode {
  readonly type = NodeType.Number;
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  constructor(
    readonly pos: number,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export class StringNode {
  readonly type = NodeType.String;
  constructor(
    readonly pos: number,
    readonly quoted: string,
    readonly text: string,
  ) {}
  toString(): string {
    return this.quoted;
  }
}

export class EndNode {
  readonly type = NodeType.End;
  constructor(readonly pos: number) {}
  toString(): string {
    return "{{end}}";
  }
}

export class ElseNode {
  readonly type = NodeType.Else;
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return "{{else}}";
  }
}

/** if, range and with. */
export class BranchNode {
  constructor(
    readonly type: NodeType.If | NodeType.Range | NodeType.With,
    readonly pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {}
  toString(): string {
    const name = this.type === NodeType.If ? "if" : this.type === NodeType.Range ? "range" : "with";
    let s = "{{" + name + " " + this.pipe.toString() + "}}" + this.list.toString();
    if (this.elseList) s += "{{else}}" + this.elseList.toString();
    return s + "{{end}}";
  }
}

export class TemplateNode {
  readonly type = NodeType.Template;
  constructor(
    readonly pos: number,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | null,
  ) {}
  toString(): string {
    return "{{template " + quoteGo(this.name) + (this.pipe ? " " + this.pipe.toString() : "") + "}}";
  }
}

export class BreakNode {
  readonly type = NodeType.Break;
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return "{{break}}";
  }
}

export class ContinueNode {
  readonly type = NodeType.Continue;
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return "{{continue}}";
  }
}
