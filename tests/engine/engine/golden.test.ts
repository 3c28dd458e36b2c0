import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { importHumctlYaml } from "@/lib/engine/definitions";
import { createGoTemplateEngine } from "@/lib/engine/drivers/go-template-engine";
import { runTemplates } from "@/lib/engine/drivers/template";
import { substituteDeep } from "@/lib/engine/placeholders/substitute";

const repoRoot = path.resolve(__dirname, "../../..");
const compat = path.resolve(repoRoot, "../shared/compat/humanitec");
const present = existsSync(path.join(compat, "golden"));
if (!present) console.warn(`skipping golden template-driver renders: ${compat} is absent`);

const cases = present
  ? readdirSync(path.join(compat, "golden"))
      .filter((f) => f.endsWith(".with-cookie.yaml"))
      .sort()
  : [];

/** The pack a test input belongs to: `…__<pack>__basic__tests__…`. */
function definitionFor(caseFile: string): string {
  const pack = caseFile.match(/humanitec-resource-defs__([a-z]+)__basic__tests__/)![1];
  return path.join(compat, "definitions", `humanitec-architecture__resource-packs-in-cluster__humanitec-resource-defs__${pack}__basic__definition-values.yaml`);
}

describe.skipIf(!present)("in-cluster pack definitions reproduce the golden renders", () => {
  it("has the fifteen cases", () => expect(cases).toHaveLength(15));

  const engine = createGoTemplateEngine();
  for (const caseFile of cases) {
    it(caseFile.replace(/^.*resource-defs__/, ""), () => {
      const input = parse(readFileSync(path.join(compat, "golden", caseFile), "utf8")) as {
        cookie: unknown;
        placeholders: Record<string, string>;
        resource: Record<string, unknown>;
      };
      const expected = JSON.parse(readFileSync(path.join(compat, "golden", caseFile.replace(".with-cookie.yaml", ".expected.json")), "utf8"));
      const imported = importHumctlYaml(readFileSync(definitionFor(caseFile), "utf8"), { validate: false });
      expect(imported.errors).toEqual([]);
      const def = imported.definitions[0];
      // placeholders through Baton's own resolver, with the context the test input gives
      const values = substituteDeep(def.driver_inputs?.values ?? {}, (ref) => {
        if (ref.root === "context") {
          const key = `context.${ref.path.join(".")}`;
          if (key in input.placeholders) return { value: input.placeholders[key], secret: false };
        }
        return { error: "not in the test input" };
      });
      expect(values.issues).toEqual([]);
      const run = runTemplates(engine, {
        context: { org_id: "o", app_id: "a", env_id: "e", env_type: "t", deploy_id: "d", type: def.type, class: "default", res_id: input.placeholders["context.res.id"], guresid: "test-guresid" },
        driver: { values: values.value, secrets: {} },
        resource: input.resource ?? {},
        cookie: input.cookie,
      });
      expect(JSON.parse(JSON.stringify(run))).toEqual(expected);
    });
  }
});
