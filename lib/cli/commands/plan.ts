import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { stringify } from "yaml";
import { parse as parseYaml } from "yaml";
import { formatHumctlIssue, importHumctlFiles } from "@/lib/engine/definitions";
import { readHumctlPath } from "@/lib/engine/definitions/load-files";
import { builtinClusterDefault } from "@/lib/engine/drivers/none-cluster";
import type { PlanError } from "@/lib/engine/graph/errors";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { builtinDefaults, inClusterPack } from "@/lib/engine/pack";
import type { SharedValue } from "@/lib/engine/placeholders/resolver";
import { plan, type Plan, type PlanWorkload } from "@/lib/engine/plan";
import { maskLeaves, maskSecretObject } from "@/lib/engine/render/mask";
import { formatScoreError, loadScore } from "@/lib/engine/score";

/**
 * `baton plan`: runs the engine offline on files — Score workloads, humctl definitions,
 * shared values — and prints the plan (graph with masked outputs, objects, errors).
 * Exit codes: 0 no errors, 1 the plan has errors, 2 usage errors.
 */

interface PlanOptions {
  file: string[];
  definitions: string[];
  app: string;
  env: string;
  envType: string;
  values?: string;
  image?: string;
  org: string;
  output: "json" | "yaml";
  builtins: boolean;
}

class UsageError extends Error {}

const collect = (value: string, previous: string[]) => [...previous, value];

/** All definitions Baton ships, as fallbacks: user definitions always win over them. */
export function shippedDefinitions(): ResourceDefinition[] {
  return [...builtinDefaults(), ...inClusterPack().map((d) => ({ ...d, is_default: true })), builtinClusterDefault()];
}

/** `--values FILE`: a YAML map; a secret is written `{secret: VALUE}`. */
export function readValuesFile(file: string): Record<string, SharedValue> {
  const data = parseYaml(readFileSync(file, "utf8")) ?? {};
  if (typeof data !== "object" || Array.isArray(data)) throw new UsageError(`${file}: --values must be a YAML map of KEY: VALUE`);
  const values: Record<string, SharedValue> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && "secret" in value && Object.keys(value).length === 1) {
      values[key] = { value: (value as { secret: unknown }).secret, secret: true };
    } else {
      values[key] = { value };
    }
  }
  return values;
}

/** The document printed: exactly `graph`, `objects` and `errors`, secrets masked. */
export function planDocument(result: Plan, extraErrors: PlanError[] = []): { graph: { nodes: unknown[] }; objects: unknown[]; errors: PlanError[] } {
  return {
    graph: {
      nodes: result.graph.nodes.map((node) => ({
        res_id: node.res_id,
        type: node.type,
        class: node.class,
        def_id: node.def_id,
        driver_type: node.driver_type,
        depends_on: node.depends_on,
        outputs: { values: node.outputs.values, secrets: maskLeaves(node.outputs.secrets) },
      })),
    },
    objects: result.objects.map(maskSecretObject),
    errors: [...extraErrors, ...result.errors],
  };
}

function requireFile(file: string, what: string): void {
  if (!existsSync(file)) throw new UsageError(`${what} "${file}" does not exist`);
}

export async function runPlan(options: PlanOptions): Promise<{ document: ReturnType<typeof planDocument>; exitCode: number }> {
  if (options.file.length === 0) throw new UsageError("at least one Score file is needed (-f score.yaml)");
  const extraErrors: PlanError[] = [];

  const workloads: PlanWorkload[] = [];
  for (const file of options.file) {
    requireFile(file, "Score file");
    const loaded = loadScore(readFileSync(file, "utf8"), { file });
    for (const error of loaded.errors) {
      extraErrors.push({ code: "score", scope: "workload", object_id: file, message: formatScoreError(error, file) });
    }
    if (!loaded.workload) continue;
    const directory = path.dirname(path.resolve(file));
    workloads.push({
      score: loaded.workload,
      options: {
        fileName: file,
        ...(options.image ? { image: options.image } : {}),
        readSource: (_workload, source) => readFileSync(path.resolve(directory, source)),
      },
    });
  }
  if (options.image && options.file.length > 1) {
    throw new UsageError("--image can only be used with exactly one Score file");
  }

  const definitionFiles = options.definitions.flatMap((target) => {
    requireFile(target, "definitions path");
    return readHumctlPath(target);
  });
  const imported = importHumctlFiles(definitionFiles);
  for (const issue of imported.errors) {
    extraErrors.push({ code: "definition", scope: "definition", object_id: issue.file, message: formatHumctlIssue(issue) });
  }
  const definitions = [...imported.definitions, ...(options.builtins ? shippedDefinitions() : [])];

  let values: Record<string, SharedValue> = {};
  if (options.values) {
    requireFile(options.values, "values file");
    values = readValuesFile(options.values);
  }

  const result = await plan({
    context: { org_id: options.org, app_id: options.app, env_id: options.env, env_type: options.envType },
    workloads,
    definitions,
    values,
  });
  const document = planDocument(result, extraErrors);
  return { document, exitCode: document.errors.length > 0 ? 1 : 0 };
}

export function register(program: Command): void {
  program
    .command("plan")
    .description("Plan a deployment offline: Score files + resource definitions → resource graph and Kubernetes objects")
    .option("-f, --file <score.yaml>", "Score file (repeatable)", collect, [])
    .option("--definitions <FILE|DIR>", "humctl resource definitions, a file or a directory (repeatable)", collect, [])
    .requiredOption("--app <id>", "application id")
    .requiredOption("--env <id>", "environment id")
    .requiredOption("--env-type <type>", "environment type")
    .option("--values <FILE>", "shared values as a YAML map (secrets as {secret: VALUE})")
    .option("--image <IMG>", "image for containers written `image: .` (one Score file only)")
    .option("--org <id>", "organisation id", "default")
    .addOption(new Option("-o, --output <format>", "output format").choices(["json", "yaml"]).default("json"))
    .option("--no-builtins", "do not add Baton's built-in default definitions and in-cluster pack")
    .action(async (options: PlanOptions) => {
      try {
        const { document, exitCode } = await runPlan(options);
        process.stdout.write(options.output === "yaml" ? stringify(document, { aliasDuplicateObjects: false }) : `${JSON.stringify(document, null, 2)}\n`);
        process.exitCode = exitCode;
      } catch (err) {
        if (err instanceof UsageError) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
