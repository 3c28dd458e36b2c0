/**
 * humctl "definitions as code": multi-document YAML with `apiVersion: entity.humanitec.io/v1b1`,
 * `kind: Definition`, `metadata.id` and `entity` (humanitec-model.md §6).
 *
 * Import keeps every value exactly as written (no defaults filled in) so that exporting an
 * imported definition reproduces its content. Export is canonical (fixed key order at the
 * envelope and entity level, values in their own order), so export∘import∘export = export.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments, stringify, type Document, type Node } from "yaml";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { formatPath, type PathSegment } from "./paths";
import { validateDefinition, type DefinitionIssue, type ValidateDefinitionOptions } from "./validate";

export const HUMCTL_API_VERSION = "entity.humanitec.io/v1b1";
export const HUMCTL_KIND = "Definition";

const ENVELOPE_KEYS = ["apiVersion", "kind", "metadata", "entity"];
const ENTITY_KEYS = ["name", "type", "driver_type", "driver_account", "driver_inputs", "provision", "criteria"] as const;

export interface HumctlIssue {
  file: string;
  /** 1-based index of the YAML document in the file. */
  document: number;
  /** 1-based line and column in the file. */
  line: number;
  column: number;
  /** Path in the document, e.g. `entity.driver_inputs.values.templates.init`. */
  field: string;
  message: string;
  severity: "error" | "warning";
}

export interface HumctlDocumentResult {
  document: number;
  line: number;
  id?: string;
  definition?: ResourceDefinition;
  issues: HumctlIssue[];
}

export interface HumctlImportResult {
  /** Definitions of the documents without errors, in file order. */
  definitions: ResourceDefinition[];
  documents: HumctlDocumentResult[];
  errors: HumctlIssue[];
  warnings: HumctlIssue[];
}

export interface HumctlImportOptions {
  /** Name used in messages; default `<input>`. */
  file?: string;
  /**
   * Options for validateDefinition; `false` checks only the envelope. Template syntax problems
   * are warnings here unless `templateSeverity` says otherwise: Humanitec accepts such files and
   * fails at deploy time, and `apply` must accept every real definition.
   */
  validate?: ValidateDefinitionOptions | false;
  /**
   * Leave documents of another kind (a string other than Definition) to the caller: they are
   * skipped without an issue (`baton apply` reads every humctl kind and hands the rest on).
   */
  skipOtherKinds?: boolean;
}

/** `file:line:col: document N: field: message` */
export function formatHumctlIssue(issue: HumctlIssue): string {
  const field = issue.field ? `${issue.field}: ` : "";
  const prefix = issue.severity === "warning" ? "warning: " : "";
  return `${issue.file}:${issue.line}:${issue.column}: document ${issue.document}: ${prefix}${field}${issue.message}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function importHumctlYaml(text: string, options: HumctlImportOptions = {}): HumctlImportResult {
  const file = options.file ?? "<input>";
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const documents: HumctlDocumentResult[] = [];
  const firstDocumentById = new Map<string, number>();

  Array.from(docs).forEach((doc, i) => {
    const index = i + 1;
    const result = importDocument(doc, index, file, lineCounter, options);
    if (!result) return;
    // A "\0" escape decodes to U+0000, which PostgreSQL cannot store: refused here, with its line.
    const nul = result.definition ? nulPath(doc.toJS()) : undefined;
    if (nul) {
      result.issues.push(issueAt(doc, lineCounter, file, index, nul, "must not contain the NUL character (\\u0000)"));
      result.definition = undefined;
    }
    if (result.id !== undefined && result.definition) {
      const first = firstDocumentById.get(result.id);
      if (first !== undefined) {
        result.issues.push(
          issueAt(doc, lineCounter, file, index, ["metadata", "id"], `definition "${result.id}" is already defined in document ${first}`),
        );
        result.definition = undefined;
      } else {
        firstDocumentById.set(result.id, index);
      }
    }
    documents.push(result);
  });

  const issues = documents.flatMap((d) => d.issues);
  return {
    definitions: documents.filter((d) => d.definition && !d.issues.some((x) => x.severity === "error")).map((d) => d.definition!),
    documents,
    errors: issues.filter((x) => x.severity === "error"),
    warnings: issues.filter((x) => x.severity === "warning"),
  };
}

/** Several files at once (`apply -f DIR`): ids must be unique across all of them. */
export function importHumctlFiles(
  files: ReadonlyArray<{ file: string; text: string }>,
  options: Omit<HumctlImportOptions, "file"> = {},
): HumctlImportResult {
  const merged: HumctlImportResult = { definitions: [], documents: [], errors: [], warnings: [] };
  const seen = new Map<string, { file: string; document: number }>();
  for (const { file, text } of files) {
    const result = importHumctlYaml(text, { ...options, file });
    for (const doc of result.documents) {
      if (doc.id !== undefined && doc.definition) {
        const previous = seen.get(doc.id);
        if (previous) {
          const duplicate: HumctlIssue = {
            file,
            document: doc.document,
            line: doc.line,
            column: 1,
            field: "metadata.id",
            message: `definition "${doc.id}" is already defined in ${previous.file} (document ${previous.document})`,
            severity: "error",
          };
          doc.issues.push(duplicate);
          result.errors.push(duplicate);
          doc.definition = undefined;
        } else {
          seen.set(doc.id, { file, document: doc.document });
        }
      }
    }
    merged.documents.push(...result.documents);
    merged.errors.push(...result.errors);
    merged.warnings.push(...result.warnings);
  }
  merged.definitions = merged.documents
    .filter((d) => d.definition && !d.issues.some((x) => x.severity === "error"))
    .map((d) => d.definition!);
  return merged;
}

function nodeLine(node: Node | null | undefined, lineCounter: LineCounter): { line: number; col: number } | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lineCounter.linePos(start);
}

/**
 * For a path that does not exist (a missing field), the key of its nearest existing ancestor,
 * so "entity.type is required" points at the `entity:` line.
 */
function nearestNode(doc: Document, path: readonly PathSegment[]): Node | undefined {
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const key = keyNode(doc, path.slice(0, depth));
    if (key) return key;
  }
  const root = doc.contents;
  return root && typeof root === "object" && "range" in root ? (root as Node) : undefined;
}

/** For a missing map key, point at the key of the pair rather than the value. */
function keyNode(doc: Document, path: readonly PathSegment[]): Node | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** The path of the first string or key holding U+0000, or undefined. */
function nulPath(value: unknown, path: PathSegment[] = []): PathSegment[] | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, [...path, i]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = k.includes("\u0000") ? [...path, k] : nulPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function issueAt(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  document: number,
  path: readonly PathSegment[],
  message: string,
  severity: "error" | "warning" = "error",
  templatePos?: { line?: number; column?: number },
): HumctlIssue {
  const exact = doc.getIn(path, true) as Node | undefined;
  const node = (exact && typeof exact === "object" && "range" in exact ? exact : undefined) ?? keyNode(doc, path) ?? nearestNode(doc, path);
  let pos = nodeLine(node, lineCounter) ?? { line: 1, col: 1 };
  if (templatePos?.line !== undefined && node && isScalar(node)) {
    // Block scalars start their content on the line after the `|` indicator.
    const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
    pos = { line: pos.line + templatePos.line - (block ? 0 : 1), col: templatePos.column ?? 1 };
  }
  return { file, document, line: pos.line, column: pos.col, field: formatPath(path), message, severity };
}

function importDocument(
  doc: Document,
  index: number,
  file: string,
  lineCounter: LineCounter,
  options: HumctlImportOptions,
): HumctlDocumentResult | undefined {
  const issues: HumctlIssue[] = [];
  const startLine = nodeLine(doc.contents, lineCounter)?.line ?? 1;
  const at = (path: PathSegment[], message: string, severity: "error" | "warning" = "error") =>
    issues.push(issueAt(doc, lineCounter, file, index, path, message, severity));

  for (const error of doc.errors) {
    const pos = error.linePos?.[0] ?? { line: startLine, col: 1 };
    issues.push({
      file,
      document: index,
      line: pos.line,
      column: pos.col,
      field: "",
      message: `YAML syntax error: ${error.message.split("\n")[0]}`,
      severity: "error",
    });
  }
  if (doc.errors.length > 0) return { document: index, line: startLine, issues };
  for (const warning of doc.warnings) {
    const pos = warning.linePos?.[0] ?? { line: startLine, col: 1 };
    issues.push({ file, document: index, line: pos.line, column: pos.col, field: "", message: warning.message.split("\n")[0], severity: "warning" });
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Alias problems (an alias bomb, an alias before its anchor) only surface when converting.
    at([], `YAML: ${(err as Error).message}`);
    return { document: index, line: startLine, issues };
  }
  if (data === null || data === undefined) return issues.length > 0 ? { document: index, line: startLine, issues } : undefined;
  if (!isPlainObject(data)) {
    at([], "a document must be a mapping with apiVersion, kind, metadata and entity");
    return { document: index, line: startLine, issues };
  }

  if (options.skipOtherKinds && typeof data.kind === "string" && data.kind !== HUMCTL_KIND) return undefined;
  if (data.apiVersion !== HUMCTL_API_VERSION) {
    at(["apiVersion"], data.apiVersion === undefined ? `apiVersion is required: ${HUMCTL_API_VERSION}` : `unsupported apiVersion "${String(data.apiVersion)}"; expected ${HUMCTL_API_VERSION}`);
  }
  if (data.kind !== HUMCTL_KIND) {
    at(["kind"], data.kind === undefined ? `kind is required: ${HUMCTL_KIND}` : `unsupported kind "${String(data.kind)}"; only ${HUMCTL_KIND} is supported`);
  }
  for (const key of Object.keys(data)) {
    if (!ENVELOPE_KEYS.includes(key)) at([key], `unknown top-level field "${key}" is ignored`, "warning");
  }
  const metadata = data.metadata;
  let id: string | undefined;
  if (!isPlainObject(metadata)) at(["metadata"], "metadata with an id is required");
  else {
    if (typeof metadata.id !== "string" || metadata.id === "") at(["metadata", "id"], "metadata.id is required");
    else id = metadata.id;
    for (const key of Object.keys(metadata)) {
      if (key !== "id") at(["metadata", key], `metadata.${key} is not supported and is ignored`, "warning");
    }
  }
  const entity = data.entity;
  if (!isPlainObject(entity)) {
    at(["entity"], "entity is required: {name, type, driver_type, driver_inputs, criteria …}");
    return { document: index, line: startLine, id, issues };
  }
  for (const key of Object.keys(entity)) {
    if (!(ENTITY_KEYS as readonly string[]).includes(key)) {
      at(["entity", key], `"${key}" is not a field of a resource definition and is ignored`, "warning");
    }
  }
  if (issues.some((x) => x.severity === "error")) return { document: index, line: startLine, id, issues };

  const definition = entityToDefinition(id!, entity);
  if (options.validate !== false) {
    for (const issue of validateDefinition(definition, { templateSeverity: "warning", ...(options.validate ?? {}) })) {
      issues.push(definitionIssueToHumctl(issue, doc, lineCounter, file, index));
    }
  }
  return { document: index, line: startLine, id, definition, issues };
}

function definitionIssueToHumctl(
  issue: DefinitionIssue,
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  index: number,
): HumctlIssue {
  const path: PathSegment[] = issue.segments[0] === "id" ? ["metadata", "id"] : ["entity", ...issue.segments];
  return issueAt(doc, lineCounter, file, index, path, issue.message, issue.severity, {
    line: issue.templateLine,
    column: issue.templateColumn,
  });
}

/** Copies the entity's fields as they are (only present keys), so nothing is invented. */
function entityToDefinition(id: string, entity: Record<string, unknown>): ResourceDefinition {
  const def: Record<string, unknown> = { id };
  for (const key of ENTITY_KEYS) {
    if (key in entity) def[key] = entity[key];
  }
  return def as unknown as ResourceDefinition;
}

export interface HumctlExportOptions {
  /** Leave out `driver_inputs.secrets` and `{value}` secret references (secrets are write-only). */
  omitSecrets?: boolean;
}

function stripSecretValues(refs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(refs)) {
    if (isPlainObject(value) && "value" in value) continue;
    out[key] = isPlainObject(value) && !("store" in value || "ref" in value) ? stripSecretValues(value) : value;
  }
  return out;
}

function exportCriterion(criterion: MatchingCriterion): Record<string, unknown> {
  // Criterion ids belong to the server, not to the file.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(criterion)) {
    if (key !== "id" && value !== undefined) out[key] = value;
  }
  return out;
}

/** The humctl document object for one definition. */
export function definitionToHumctlDocument(def: ResourceDefinition, options: HumctlExportOptions = {}): Record<string, unknown> {
  const entity: Record<string, unknown> = {};
  const source = def as unknown as Record<string, unknown>;
  for (const key of ENTITY_KEYS) {
    const value = source[key];
    if (value === undefined) continue;
    if (key === "driver_inputs" && options.omitSecrets && isPlainObject(value)) {
      const inputs: Record<string, unknown> = {};
      for (const [part, content] of Object.entries(value)) {
        if (part === "secrets") continue;
        inputs[part] = part === "secret_refs" && isPlainObject(content) ? stripSecretValues(content) : content;
      }
      entity[key] = inputs;
    } else if (key === "criteria" && Array.isArray(value)) {
      entity[key] = value.map((c) => (isPlainObject(c) ? exportCriterion(c as MatchingCriterion) : c));
    } else {
      entity[key] = value;
    }
  }
  return { apiVersion: HUMCTL_API_VERSION, kind: HUMCTL_KIND, metadata: { id: def.id }, entity };
}

export function exportHumctlYaml(defs: readonly ResourceDefinition[], options: HumctlExportOptions = {}): string {
  return defs
    .map((def) => stringify(definitionToHumctlDocument(def, options), { lineWidth: 0, aliasDuplicateObjects: false }))
    .join("---\n");
}
