/**
 * Every Score file of the corpus, and every template output the corpus produces — the golden in-cluster pack renders, every corpus
 * humanitec/template definition rendered with stand-in inputs, and every corpus Score file
 * planned with the shipped definitions — read by the fast block-YAML path and by the `yaml`
 * package: where the fast path accepts a text, both must give the very same value.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { shippedDefinitions } from "@/lib/cli/commands/plan";
import { importHumctlYaml } from "@/lib/engine/definitions";
import { createGoTemplateEngine } from "@/lib/engine/drivers/go-template-engine";
import { runTemplates } from "@/lib/engine/drivers/template";
import type { TemplateEngine } from "@/lib/engine/drivers/template-engine";
import { substituteDeep } from "@/lib/engine/placeholders/substitute";
import { plan } from "@/lib/engine/plan";
import { loadScore } from "@/lib/engine/score";
import { parseScoreYaml, parseScoreYamlGeneral } from "@/lib/engine/score/yaml-source";
import { compareParsers, exactDump } from "./yaml-compare";

const repoRoot = path.resolve(__dirname, "../../..");
const humanitec = path.resolve(repoRoot, "../shared/compat/humanitec");
const examples = path.resolve(repoRoot, "../shared/compat/score/examples");
const present = existsSync(path.join(humanitec, "golden")) && existsSync(path.join(humanitec, "definitions")) && existsSync(examples);
if (!present) console.warn(`skipping corpus template outputs through the fast YAML path: ${humanitec} or ${examples} is absent`);

/** A template engine that keeps every text it renders. */
function recordingEngine(texts: Set<string>): TemplateEngine {
  const engine = createGoTemplateEngine();
  return {
    render(name, text, data) {
      const out = engine.render(name, text, data);
      texts.add(out);
      return out;
    },
  };
}

/** `manifests` entries may hold their `data` as a YAML string: those are parsed too. */
function nestedDataStrings(value: unknown, texts: Set<string>): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const entry of Object.values(value)) {
    if (typeof entry === "object" && entry !== null && typeof (entry as { data?: unknown }).data === "string") texts.add((entry as { data: string }).data);
  }
}

async function collectCorpusOutputs(): Promise<Set<string>> {
  const texts = new Set<string>();
  const engine = recordingEngine(texts);

  // 1. the golden cases of the in-cluster pack
  for (const caseFile of readdirSync(path.join(humanitec, "golden")).filter((f) => f.endsWith(".with-cookie.yaml"))) {
    const input = parse(readFileSync(path.join(humanitec, "golden", caseFile), "utf8")) as { cookie: unknown; placeholders: Record<string, string>; resource?: Record<string, unknown> };
    const pack = caseFile.match(/humanitec-resource-defs__([a-z]+)__basic__tests__/)![1];
    const defFile = path.join(humanitec, "definitions", `humanitec-architecture__resource-packs-in-cluster__humanitec-resource-defs__${pack}__basic__definition-values.yaml`);
    const def = importHumctlYaml(readFileSync(defFile, "utf8"), { validate: false }).definitions[0];
    const values = substituteDeep(def.driver_inputs?.values ?? {}, (ref) => {
      const key = ref.root === "context" ? `context.${ref.path.join(".")}` : "";
      return key in input.placeholders ? { value: input.placeholders[key], secret: false } : { error: "not in the test input" };
    });
    for (const cookie of [input.cookie, null]) {
      runTemplates(engine, {
        context: { org_id: "o", app_id: "a", env_id: "e", env_type: "t", deploy_id: "d", type: def.type, class: "default", res_id: input.placeholders["context.res.id"], guresid: "test-guresid" },
        driver: { values: values.value, secrets: {} },
        resource: input.resource ?? {},
        cookie,
      });
    }
  }

  // 2. every corpus template definition, with stand-in values for its placeholders
  for (const file of readdirSync(path.join(humanitec, "definitions")).filter((f) => f.endsWith(".yaml"))) {
    const imported = importHumctlYaml(readFileSync(path.join(humanitec, "definitions", file), "utf8"), { validate: false });
    for (const def of imported.definitions.filter((d) => d.driver_type === "humanitec/template")) {
      const standIn = (_ref: unknown, expr: string) => ({ value: expr.replace(/[^A-Za-z0-9]+/g, "-"), secret: false });
      const values = substituteDeep(def.driver_inputs?.values ?? {}, standIn);
      const secrets = substituteDeep(def.driver_inputs?.secrets ?? {}, standIn);
      try {
        runTemplates(engine, {
          context: { org_id: "o", app_id: "a", env_id: "e", env_type: "t", deploy_id: "d", type: def.type, class: "default", res_id: "modules.api.externals.main", guresid: "test-guresid" },
          driver: { values: values.value as Record<string, unknown>, secrets: secrets.value as Record<string, unknown> },
          resource: {},
          cookie: null,
        });
      } catch {
        // stand-in inputs do not suit every template; whatever rendered before the failure is kept
      }
    }
  }

  // 3. every corpus Score file planned with the shipped definitions
  const definitions = shippedDefinitions();
  for (const dir of readdirSync(examples)) {
    for (const file of readdirSync(path.join(examples, dir)).filter((f) => f.endsWith(".yaml"))) {
      const loaded = loadScore(readFileSync(path.join(examples, dir, file), "utf8"), { file });
      if (!loaded.workload) continue;
      await plan({
        context: { org_id: "acme", app_id: "corpus", env_id: "dev", env_type: "development" },
        definitions,
        templateEngine: engine,
        workloads: [{ score: loaded.workload, options: { fileName: file, image: "registry.example/app:1.0.0", readSource: (_w, source) => `contents of ${source}\n` } }],
        values: new Proxy({}, { get: (_t, key) => ({ value: `value-of-${String(key)}` }), has: () => true }),
      });
    }
  }

  for (const text of [...texts]) {
    try {
      nestedDataStrings(parse(text), texts);
    } catch {
      // not YAML at all: compared below like the rest
    }
  }
  return texts;
}

describe.skipIf(!present)("corpus template outputs: fast block-YAML path = yaml package", () => {
  it("gives the same value for every output it accepts, and accepts most of them", async () => {
    const texts = await collectCorpusOutputs();
    expect(texts.size).toBeGreaterThan(200);
    let handled = 0;
    const declined: string[] = [];
    for (const text of texts) {
      const result = compareParsers(text);
      if (!result.handled) {
        declined.push(text);
        continue;
      }
      handled++;
      expect({ text, value: result.general }).toEqual({ text, value: result.fast });
    }
    console.info(`corpus template outputs: ${texts.size} distinct, ${handled} through the fast path, ${declined.length} left to the yaml package`);
    expect(handled / texts.size).toBeGreaterThan(0.9);
  }, 240_000);

  it("reads every corpus Score file as the yaml package does, most through the block parser", () => {
    let total = 0;
    let handled = 0;
    for (const dir of readdirSync(examples)) {
      for (const file of readdirSync(path.join(examples, dir)).filter((f) => f.endsWith(".yaml"))) {
        const text = readFileSync(path.join(examples, dir, file), "utf8");
        total++;
        const compared = compareParsers(text, "score");
        if (compared.handled) {
          handled++;
          expect({ file, value: compared.general }).toEqual({ file, value: compared.fast });
        }
        const [fastPath, general] = [parseScoreYaml(text), parseScoreYamlGeneral(text)];
        expect({ file, ok: fastPath.ok }).toEqual({ file, ok: general.ok });
        if (fastPath.ok && general.ok) expect({ file, value: exactDump(fastPath.source.value) }).toEqual({ file, value: exactDump(general.source.value) });
      }
    }
    console.info(`corpus Score files: ${total}, ${handled} through the block parser`);
    expect(total).toBe(117);
    // flow lists (`args: ["-c", …]`) and block scalars are left to the yaml package
    expect(handled / total).toBeGreaterThan(0.45);
  });
});
