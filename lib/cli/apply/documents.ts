import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { HUMCTL_API_VERSION, formatHumctlIssue, importHumctlYaml, type HumctlIssue } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";

/** The humctl kinds `baton apply` and `baton export` know, in the order apply creates them. */
export const KINDS = ["EnvironmentType", "Account", "Definition", "Application", "Environment", "Value", "ApplicationUserRole", "EnvironmentTypeUserRole"] as const;
export type KindName = (typeof KINDS)[number];
/** Other names accepted in files for the same kinds. */
export const KIND_ALIASES: Record<string, KindName> = { ResourceAccount: "Account", ResourceDefinition: "Definition", App: "Application" };

export type Issue = HumctlIssue;
export const formatIssue = formatHumctlIssue;

/** One document of a file, located for error messages. */
export interface RawDocument {
  file: string;
  /** 1-based index in the file. */
  index: number;
  line: number;
  kind: KindName;
  metadata: Record<string, unknown>;
  entity: Record<string, unknown>;
  /** For Definition: the engine's checked definition. */
  definition?: ResourceDefinition;
  /** An issue at a path of this document (`["entity", "name"]`). */
  issue(path: (string | number)[], message: string, severity?: "error" | "warning"): Issue;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function locator(doc: Document, lc: LineCounter, file: string, index: number) {
  return (path: (string | number)[], message: string, severity: "error" | "warning" = "error"): Issue => {
    // The deepest node of the path that exists gives the position.
    let offset: number | undefined;
    for (let n = path.length; n >= 0 && offset === undefined; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) offset = range[0];
    }
    const pos = lc.linePos(offset ?? 0);
    return { file, document: index, line: pos.line, column: pos.col, field: path.join("."), message, severity };
  };
}

/**
 * Parses every document of every file: kinds other than Definition are checked for their
 * envelope here, Definitions by the engine (the same checks as the portal's import). Nothing
 * is sent anywhere.
 */
export function readDocuments(files: ReadonlyArray<{ file: string; text: string }>): { documents: RawDocument[]; errors: Issue[]; warnings: Issue[] } {
  const documents: RawDocument[] = [];
  const issues: Issue[] = [];
  for (const { file, text } of files) {
    const defs = importHumctlYaml(text, { file, skipOtherKinds: true });
    issues.push(...defs.errors, ...defs.warnings);
    const definitionAt = new Map(defs.documents.map((d) => [d.document, d]));
    const lc = new LineCounter();
    const parsed = parseAllDocuments(text, { lineCounter: lc });
    Array.from(parsed).forEach((doc, i) => {
      const index = i + 1;
      const at = locator(doc, lc, file, index);
      const line = lc.linePos(doc.contents?.range?.[0] ?? 0).line;
      if (doc.errors.length > 0) return; // reported by the engine's pass
      let data: unknown;
      try {
        data = doc.toJS({ maxAliasCount: 100 });
      } catch {
        return; // reported by the engine's pass
      }
      if (data === null || data === undefined || !isObject(data)) return;
      const rawKind = data.kind;
      const kind = typeof rawKind === "string" ? ((KINDS as readonly string[]).includes(rawKind) ? (rawKind as KindName) : KIND_ALIASES[rawKind]) : undefined;
      if (rawKind === "Definition" || rawKind === undefined) {
        const d = definitionAt.get(index);
        if (d?.definition && !d.issues.some((x) => x.severity === "error")) {
          documents.push({ file, index, line, kind: "Definition", metadata: data.metadata as Record<string, unknown>, entity: data.entity as Record<string, unknown>, definition: d.definition, issue: at });
        }
        return; // the engine reported what is wrong with it
      }
      if (!kind) {
        issues.push(at(["kind"], `unsupported kind "${String(rawKind)}"; use one of ${KINDS.join(", ")}`));
        return;
      }
      if (data.apiVersion !== HUMCTL_API_VERSION) {
        issues.push(at(["apiVersion"], data.apiVersion === undefined ? `apiVersion is required: ${HUMCTL_API_VERSION}` : `unsupported apiVersion "${String(data.apiVersion)}"; expected ${HUMCTL_API_VERSION}`));
        return;
      }
      for (const key of Object.keys(data)) {
        if (!["apiVersion", "kind", "metadata", "entity"].includes(key)) issues.push(at([key], `unknown top-level field "${key}" is ignored`, "warning"));
      }
      if (!isObject(data.metadata) || typeof data.metadata.id !== "string" || data.metadata.id === "") {
        issues.push(at(isObject(data.metadata) ? ["metadata", "id"] : ["metadata"], "metadata.id is required"));
        return;
      }
      const entity = data.entity ?? {};
      if (!isObject(entity)) {
        issues.push(at(["entity"], "entity must be a mapping"));
        return;
      }
      documents.push({ file, index, line, kind, metadata: data.metadata, entity, issue: at });
    });
  }
  return { documents, errors: issues.filter((i) => i.severity === "error"), warnings: issues.filter((i) => i.severity === "warning") };
}
