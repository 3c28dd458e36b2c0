import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
} from "yaml";
import { parseBlockYaml, type BlockYamlSchema } from "@/lib/engine/yaml/block-parser";
import { resolveCoreScalar } from "@/lib/engine/yaml/scalars";
import { segmentsFromPointer } from "./json-pointer";

/** A 1-based line/column position in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** What a pointer resolves to in the source: the key (if it is a map entry) and the value node. */
export interface SourceLocation {
  key?: SourcePosition;
  value?: SourcePosition;
  /** The source text of the value when it is a scalar (used for hints such as "wrap it in quotes"). */
  scalarSource?: string;
  /** False when the pointer did not exist in the source and an ancestor was used instead. */
  exact: boolean;
}

export interface YamlDecodeProblem {
  message: string;
  position: SourcePosition;
}

/** A parsed Score file that can map any JSON pointer back to line and column. */
export interface ScoreSource {
  text: string;
  value: unknown;
  locate(pointer: string): SourceLocation;
}

export type ParseResult = { ok: true; source: ScoreSource } | { ok: false; problems: YamlDecodeProblem[] };

const MAX_ALIAS_COUNT = 100;

// logLevel "error": warnings (odd tags, ambiguous aliases) must not be printed by a library.
const YAML_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false, logLevel: "error" } as const;

/** How YAML_OPTIONS read a document (core schema, no duplicate keys), for the block parser. */
export const SCORE_BLOCK_SCHEMA: BlockYamlSchema = { resolvePlain: resolveCoreScalar, uniqueKeys: true };

/**
 * Parses one Score YAML document. Several documents, a syntax error, duplicate keys, or a root that
 * is not a mapping are decode problems (stage `yaml-decode`). Never throws for bad input.
 *
 * A plain block mapping — most Score files — is read by the block parser; the `yaml` package's
 * document, which maps pointers to lines, is then built only when a position is asked for.
 */
export function parseScoreYaml(text: string): ParseResult {
  const simple = parseBlockYaml(text, SCORE_BLOCK_SCHEMA);
  if (simple && typeof simple.value === "object" && simple.value !== null && !Array.isArray(simple.value)) {
    const pos = lazyPositions(text);
    let doc: Document.Parsed | undefined;
    return {
      ok: true,
      source: {
        text,
        value: simple.value,
        locate: (pointer) => {
          doc ??= parseDocument(text, YAML_OPTIONS);
          return locateInDocument(doc, doc.contents as Node, pointer, text, pos);
        },
      },
    };
  }
  return parseScoreYamlGeneral(text);
}

/** The `yaml` package path, for every document (tests compare both paths). */
export function parseScoreYamlGeneral(text: string): ParseResult {
  const pos = lazyPositions(text);
  const options = YAML_OPTIONS;
  let documents: Document.Parsed[];
  try {
    // Fast path: one document. Only a stream with several documents needs the slower parser.
    const single = parseDocument(text, options);
    if (single.errors.some((e) => e.code === "MULTIPLE_DOCS")) {
      const parsed = parseAllDocuments(text, options);
      documents = Array.isArray(parsed) ? parsed : [];
    } else {
      documents = [single];
    }
  } catch (err) {
    return { ok: false, problems: [{ message: `cannot parse YAML: ${errorText(err)}`, position: { line: 1, column: 1 } }] };
  }

  const problems: YamlDecodeProblem[] = [];
  for (const doc of documents) {
    for (const e of doc.errors) {
      problems.push({ message: firstLine(e.message), position: pos(e.pos[0]) });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  // Empty documents (only comments, or a stray `---` at the end) carry no workload.
  const withContent = documents.filter((d) => !isEmptyDocument(d, text));
  if (withContent.length === 0) {
    return { ok: false, problems: [{ message: "the file is empty: expected a Score workload (a YAML mapping)", position: { line: 1, column: 1 } }] };
  }
  if (withContent.length > 1) {
    const second = withContent[1];
    return {
      ok: false,
      problems: [
        {
          message: `the file holds ${withContent.length} YAML documents; a Score file must hold exactly one workload`,
          position: pos(second.range[0]),
        },
      ],
    };
  }

  const doc = withContent[0];
  const root = doc.contents as Node;
  if (!isMap(root)) {
    return {
      ok: false,
      problems: [
        {
          message: `the document must be a mapping of Score fields (apiVersion, metadata, containers…), found ${describeNode(root)}`,
          position: pos(root.range?.[0] ?? 0),
        },
      ],
    };
  }

  // Go's decoder cannot use a list or map as a key of map[string]interface{}; neither can we.
  const complexKey = findComplexKey(root);
  if (complexKey) {
    return {
      ok: false,
      problems: [{ message: "a mapping key must be a plain value, not a list or a map", position: pos(complexKey.range?.[0] ?? 0) }],
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { ok: false, problems: [{ message: `cannot decode YAML: ${errorText(err)}`, position: { line: 1, column: 1 } }] };
  }

  return {
    ok: true,
    source: {
      text,
      value,
      locate: (pointer) => locateInDocument(doc, root, pointer, text, pos),
    },
  };
}

function locateInDocument(
  doc: Document.Parsed,
  root: Node,
  pointer: string,
  text: string,
  pos: (offset: number) => SourcePosition,
): SourceLocation {
  let node: Node | null = root;
  let keyNode: Node | null = null;
  let exact = true;
  for (const segment of segmentsFromPointer(pointer)) {
    const next = childOf(doc, node, segment);
    if (!next) {
      exact = false;
      break;
    }
    node = next.value;
    keyNode = next.key;
  }
  const location: SourceLocation = { exact };
  if (keyNode?.range) location.key = pos(keyNode.range[0]);
  if (node?.range) {
    location.value = pos(node.range[0]);
    if (isScalar(node)) location.scalarSource = text.slice(node.range[0], node.range[1]);
  }
  if (!location.value && !location.key) location.value = { line: 1, column: 1 };
  return location;
}

function childOf(doc: Document.Parsed, parent: Node | null, segment: string): { key: Node | null; value: Node | null } | null {
  let container: unknown = parent;
  if (isAlias(container)) container = container.resolve(doc);
  if (isMap(container)) {
    // The last duplicate wins in the decoded value; duplicates are rejected anyway.
    for (let i = container.items.length - 1; i >= 0; i--) {
      const pair = container.items[i];
      const key = pair.key as Node | null;
      const keyText = isScalar(key) ? String(key.value) : key === null ? "" : String(key);
      if (keyText === segment) return { key, value: (pair.value as Node | null) ?? key };
    }
    return null;
  }
  if (isSeq(container)) {
    if (!/^\d+$/.test(segment)) return null;
    const item = container.items[Number(segment)] as Node | undefined;
    return item ? { key: null, value: item } : null;
  }
  return null;
}

/** Finds a map key that is itself a list or map (a direct walk: `visit` is slower on every file). */
function findComplexKey(node: unknown): Node | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isCollection(pair.key)) return pair.key as Node;
      const inValue = findComplexKey(pair.value);
      if (inValue) return inValue;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inItem = findComplexKey(item);
      if (inItem) return inItem;
    }
  }
  return undefined;
}

/** Offset → 1-based line/column, building the line index only when a position is first needed. */
function lazyPositions(text: string): (offset: number) => SourcePosition {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}

/** A document with no node at all, or only an implicit empty scalar (`---` with nothing after it). */
function isEmptyDocument(doc: Document.Parsed, text: string): boolean {
  const contents = doc.contents as Node | null;
  if (contents === null) return true;
  if (!isScalar(contents) || contents.value !== null || !contents.range) return false;
  return text.slice(contents.range[0], contents.range[1]).trim() === "";
}

function describeNode(node: Node | null): string {
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "an empty value";
    if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
    return `the ${typeof v} ${String(v)}`;
  }
  return "a value that is not a mapping";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
