/**
 * The real-world corpus: every Go template string in the Humanitec definitions and the
 * score provisioners of ../shared/compat, with realistic data roots (templates.md §3, §6).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { sharedDir } from "./harness";

export interface CorpusTemplate {
  file: string;
  /** Path of the field inside the file, e.g. entity.driver_inputs.values.templates.init */
  field: string;
  /** Template name as the driver would use it (init, manifests, ...). */
  name: string;
  text: string;
  source: "humanitec" | "score";
  /** Index of the provisioner within a score provisioners file. */
  provisioner?: number;
}

const PLACEHOLDERS: Array<[RegExp, string]> = [
  [/\$\{context\.res\.id\}/g, "modules.my-workload.externals.my-db"],
  [/\$\{context\.res\.guresid\}/g, "0123456789abcdef0123456789abcdef01234567"],
  [/\$\{context\.res\.type\}/g, "postgres"],
  [/\$\{context\.res\.class\}/g, "default"],
  [/\$\{context\.app\.id\}/g, "my-app"],
  [/\$\{context\.env\.id\}/g, "development"],
  [/\$\{context\.env\.type\}/g, "development"],
  [/\$\{context\.org\.id\}/g, "my-org"],
  [/\$\{resources[^}]*\}/g, "resource-output"],
];

/** Substitutes Humanitec placeholders in the raw text, as the platform does before templating. */
export function resolvePlaceholders(text: string): string {
  let out = text;
  for (const [re, value] of PLACEHOLDERS) out = out.replace(re, value);
  return out;
}

function collectStrings(node: unknown, at: string, out: Array<{ field: string; text: string }>): void {
  if (typeof node === "string") {
    if (node.includes("{{")) out.push({ field: at, text: node });
  } else if (Array.isArray(node)) {
    node.forEach((x, i) => collectStrings(x, `${at}[${i}]`, out));
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) collectStrings(v, at ? `${at}.${k}` : k, out);
  }
}

function templateName(field: string): string {
  const m = /\.templates\.(init|manifests|outputs|secrets|cookie)/.exec(field);
  if (m) return m[1];
  return field.split(".").pop()!.replace(/\[\d+\]$/, "");
}

export function humanitecDefinitionFiles(): string[] {
  const dir = path.join(sharedDir, "compat/humanitec/definitions");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f));
}

export function scoreProvisionerFiles(): string[] {
  const base = path.join(sharedDir, "compat/score/provisioners");
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".yaml")) out.push(p);
    }
  };
  walk(base);
  return out.sort();
}

export function loadHumanitecDefinition(file: string): { text: string; doc: Record<string, unknown> } {
  const text = resolvePlaceholders(readFileSync(file, "utf8"));
  return { text, doc: parseYaml(text) as Record<string, unknown> };
}

export function humanitecTemplates(): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const file of humanitecDefinitionFiles()) {
    const { doc } = loadHumanitecDefinition(file);
    const entity = (doc.entity ?? {}) as Record<string, unknown>;
    const found: Array<{ field: string; text: string }> = [];
    collectStrings(entity.driver_inputs, "entity.driver_inputs", found);
    for (const f of found) {
      out.push({ file, field: f.field, name: templateName(f.field), text: f.text, source: "humanitec" });
    }
  }
  return out;
}

export function scoreTemplates(): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const file of scoreProvisionerFiles()) {
    const doc = parseYaml(readFileSync(file, "utf8")) as unknown;
    if (!Array.isArray(doc)) continue;
    doc.forEach((prov: Record<string, unknown>, index) => {
      if (typeof prov?.uri !== "string" || !prov.uri.startsWith("template://")) return;
      for (const [key, value] of Object.entries(prov)) {
        if (["uri", "type", "class", "id", "description"].includes(key)) continue;
        const found: Array<{ field: string; text: string }> = [];
        collectStrings(value, key, found);
        for (const f of found) {
          out.push({ file, field: `[${index}].${f.field}`, name: key, text: f.text, source: "score", provisioner: index });
        }
      }
    });
  }
  return out;
}
