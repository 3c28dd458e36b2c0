import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteContext, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp, requireEnv } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print, type Column } from "@/lib/cli/remote/output";
import { listRuns, runPath } from "@/lib/cli/remote/pipelines";
import { envPath, runtimeProblem, runtimeRows } from "@/lib/cli/remote/runtime";
import type { AppJson, DeploymentJson, EnvJson, EnvRuntimeJson, EnvRuntimeSummaryJson, PipelineRunJson } from "@/lib/cli/remote/shapes";

type Row = Record<string, unknown>;
const col = (header: string, value: (r: Row) => unknown): Column<Row> => ({ header, value });
const enc = encodeURIComponent;

interface GetOptions extends RemoteOptions {
  pipeline?: string;
}

interface Kind {
  /** Collection path; `ctx` gives app/env. */
  path?(ctx: RemoteContext): string;
  /** Item path, when it differs from `${path}/${id}`. */
  item?(ctx: RemoteContext, id: string): string;
  columns: Column<Row>[];
  /**
   * Kinds that are not one list or item GET: the document `-o json|yaml` prints and the rows
   * of the table (columns `tableColumns` when they differ from `columns`).
   */
  read?(ctx: RemoteContext, id: string | undefined, options: GetOptions): Promise<{ document: unknown; rows: Row[]; tableColumns?: Column<Row>[]; notice?: string }>;
}

const appBase = (c: RemoteContext) => `${c.client.orgPath}/apps/${enc(requireApp(c.settings))}`;
const envBase = (c: RemoteContext) => `${appBase(c)}/envs/${enc(requireEnv(c.settings))}`;

/** The kinds `baton get` knows, with humctl's singular and plural names. */
const KINDS: Record<string, Kind> = {
  apps: {
    path: (c) => `${c.client.orgPath}/apps`,
    columns: [col("id", (r) => r.id), col("name", (r) => r.name), col("envs", (r) => (r as unknown as AppJson).envs.map((e) => e.id).join(","))],
  },
  envs: {
    path: (c) => `${appBase(c)}/envs`,
    columns: [
      col("id", (r) => r.id),
      col("name", (r) => r.name),
      col("type", (r) => r.type),
      col("last deploy", (r) => (r as unknown as EnvJson).last_deploy?.id ?? ""),
      col("status", (r) => (r as unknown as EnvJson).last_deploy?.status ?? ""),
    ],
  },
  "env-types": { path: (c) => `${c.client.orgPath}/env-types`, columns: [col("id", (r) => r.id), col("description", (r) => r.description)] },
  defs: {
    path: (c) => `${c.client.orgPath}/resources/defs`,
    columns: [
      col("id", (r) => r.id),
      col("type", (r) => r.type),
      col("driver", (r) => r.driver_type),
      col("criteria", (r) => (r.criteria as Row[]).map((c) => Object.entries(c).filter(([k]) => k !== "id").map(([k, v]) => `${k}=${v}`).join(" ") || "{}").join("; ")),
    ],
  },
  deploys: {
    path: (c) => `${envBase(c)}/deploys`,
    columns: [col("id", (r) => r.id), col("status", (r) => r.status), col("created", (r) => r.created_at), col("by", (r) => r.created_by), col("comment", (r) => r.comment)],
  },
  values: {
    // App values, or the env's merged view when an env is set.
    path: (c) => (c.settings.env ? `${envBase(c)}/values` : `${appBase(c)}/values`),
    columns: [col("key", (r) => r.key), col("value", (r) => (r.is_secret ? "(secret)" : r.value)), col("source", (r) => r.source), col("description", (r) => r.description)],
  },
  "active-resources": {
    path: (c) => `${envBase(c)}/resources`,
    columns: [col("type", (r) => r.type), col("class", (r) => r.class), col("res id", (r) => r.res_id), col("definition", (r) => r.def_id), col("status", (r) => r.status)],
  },
  accounts: {
    path: (c) => `${c.client.orgPath}/resources/accounts`,
    columns: [col("id", (r) => r.id), col("name", (r) => r.name), col("type", (r) => r.type), col("used", (r) => (r.is_used ? "yes" : "no"))],
  },
  deltas: {
    path: (c) => `${appBase(c)}/deltas${c.settings.env ? `?env=${enc(c.settings.env)}` : ""}`,
    item: (c, id) => `${appBase(c)}/deltas/${enc(id)}`,
    columns: [
      col("id", (r) => r.id),
      col("name", (r) => (r.metadata as Row).name ?? ""),
      col("env", (r) => (r.metadata as Row).env_id ?? ""),
      col("by", (r) => (r.metadata as Row).created_by),
      col("modules", (r) => Object.keys(((r.modules as Row).add as Row | undefined) ?? {}).concat(Object.keys(((r.modules as Row).update as Row | undefined) ?? {})).join(",")),
    ],
  },
  runtime: {
    // One environment's pods (--env), else every environment's summary.
    columns: ["workload", "controller", "replicas", "pod", "phase", "container", "state", "restarts"].map((k) => col(k, (r) => r[k])),
    read: async (c) => {
      const appId = requireApp(c.settings);
      if (!c.settings.env) {
        const envs = await c.client.get<EnvRuntimeSummaryJson[]>(`${appBase(c)}/runtime`);
        const summary = [col("env", (r) => r.id), col("status", (r) => r.status), col("paused", (r) => (r.paused ? "yes" : "no")), col("why unknown", (r) => r.error)];
        return { document: envs, rows: envs as unknown as Row[], tableColumns: summary };
      }
      const doc = await c.client.get<EnvRuntimeJson>(`${envPath(c.client, appId, c.settings.env)}/runtime`);
      const problem = runtimeProblem(doc, appId, c.settings.env);
      if (problem?.failed && c.format === "table") throw new CliError(problem.message);
      return { document: doc, rows: runtimeRows(doc) as unknown as Row[], notice: problem?.message };
    },
  },
  artefacts: {
    path: (c) => `${c.client.orgPath}/artefacts`,
    columns: [col("name", (r) => r.name), col("type", (r) => r.type), col("updated", (r) => r.updated_at), col("id", (r) => r.id)],
  },
  "artefact-versions": {
    // [id] is the artefact's name (humctl: `get artefact-versions NAME`).
    columns: [
      col("name", (r) => r.name),
      col("version", (r) => r.version),
      col("digest", (r) => (typeof r.digest === "string" && r.digest ? `${r.digest.slice(0, 19)}…` : "")),
      col("ref", (r) => r.ref),
      col("commit", (r) => (typeof r.commit === "string" ? r.commit.slice(0, 12) : "")),
      col("created", (r) => r.created_at),
      col("deployed in", (r) => ((r.deployed_in as Row[] | undefined) ?? []).map((p) => `${p.app_id}/${p.env_id}`).join(",")),
    ],
    read: async (c, name) => {
      const versions = await c.client.list<Row>(`${c.client.orgPath}/artefact-versions${name ? `?name=${enc(name)}` : ""}`);
      return { document: versions, rows: versions };
    },
  },
  pipelines: {
    path: (c) => `${appBase(c)}/pipelines`,
    columns: [col("id", (r) => r.id), col("name", (r) => r.name), col("triggers", (r) => (r.trigger_types as string[]).join(",")), col("version", (r) => r.version), col("created", (r) => r.created_at)],
  },
  "pipeline-runs": {
    columns: [
      col("pipeline", (r) => r.pipeline_id),
      col("id", (r) => r.id),
      col("status", (r) => r.status),
      col("waiting for", (r) => Object.entries((r as unknown as PipelineRunJson).waiting_for ?? {}).map(([job, what]) => `${job}: ${what}`).join(", ")),
      col("envs", (r) => (r.env_ids as string[]).join(",")),
      col("created", (r) => r.created_at),
      col("message", (r) => r.status_message),
    ],
    read: async (c, id, o) => {
      const appId = requireApp(c.settings);
      if (id && o.pipeline) {
        const run = await c.client.get<Row>(runPath(c.client, appId, o.pipeline, id));
        return { document: run, rows: [run] };
      }
      const runs = (await listRuns(c.client, appId, o.pipeline)) as unknown as Row[];
      if (!id) return { document: runs, rows: runs };
      const run = runs.find((r) => r.id === id);
      if (!run) throw new CliError(`Run "${id}" was not found in the pipelines of "${appId}"`);
      return { document: run, rows: [run] };
    },
  },
  "pipeline-approvals": {
    columns: [
      col("id", (r) => r.id),
      col("pipeline", (r) => r.pipeline_id),
      col("run", (r) => r.run_id),
      col("job", (r) => r.job_id),
      col("env", (r) => r.env_id),
      col("status", (r) => r.status),
      col("by", (r) => r.approved_by),
      col("message", (r) => r.message),
    ],
    read: async (c, id, o) => {
      const list = await c.client.list<Row>(`${appBase(c)}/approvals${o.pipeline ? `?pipeline=${enc(o.pipeline)}` : ""}`);
      if (!id) return { document: list, rows: list };
      const one = list.find((a) => a.id === id);
      if (!one) throw new CliError(`Approval request "${id}" was not found`);
      return { document: one, rows: [one] };
    },
  },
  "resource-types": {
    path: (c) => `${c.client.orgPath}/resources/types`,
    columns: [col("type", (r) => r.type), col("name", (r) => r.name), col("use", (r) => r.use), col("category", (r) => r.category)],
  },
};

export const KIND_NAMES: readonly string[] = Object.keys(KINDS);

const ALIASES: Record<string, string> = {
  app: "apps",
  env: "envs",
  environment: "envs",
  environments: "envs",
  "env-type": "env-types",
  def: "defs",
  definition: "defs",
  definitions: "defs",
  "resource-definition": "defs",
  deploy: "deploys",
  deployment: "deploys",
  deployments: "deploys",
  value: "values",
  "active-resource": "active-resources",
  account: "accounts",
  "resource-account": "accounts",
  "resource-accounts": "accounts",
  "resource-type": "resource-types",
  delta: "deltas",
  artefact: "artefacts",
  "artefact-version": "artefact-versions",
  pipeline: "pipelines",
  "pipeline-run": "pipeline-runs",
  run: "pipeline-runs",
  runs: "pipeline-runs",
  "pipeline-approval": "pipeline-approvals",
  approval: "pipeline-approvals",
  approvals: "pipeline-approvals",
  "deployment-delta": "deltas",
  "deployment-deltas": "deltas",
};

export function kindOf(name: string): Kind & { name: string } {
  const key = ALIASES[name] ?? name;
  const kind = KINDS[key];
  if (!kind) throw usageError(`unknown kind "${name}": use one of ${Object.keys(KINDS).join(", ")}`);
  return { ...kind, name: key };
}

/** The kinds `-o yaml` prints as humctl documents (what `baton apply` takes back). */
const HUMCTL_KINDS: Record<string, string> = { apps: "Application", envs: "Environment", "env-types": "EnvironmentType", defs: "Definition", accounts: "Account", values: "Value" };

/** `-o yaml` of an apply kind: humctl documents, scoped like the table (app, env, id). */
async function printHumctl(ctx: RemoteContext, kindName: string, id: string | undefined): Promise<void> {
  const { readEstate, toYaml } = await import("./export");
  const kind = HUMCTL_KINDS[kindName] as "Application";
  const app = kindName === "envs" || kindName === "values" ? requireApp(ctx.settings) : undefined;
  const items = (await readEstate(ctx.client, [kind], app)).filter((c) => {
    if (app && c.ids.app !== app) return false;
    if (kindName === "values" && (c.ids.env ?? undefined) !== (ctx.settings.env || undefined)) return false;
    const own = kindName === "values" ? c.ids.key : kindName === "envs" ? c.ids.env : c.name;
    return id === undefined || own === id;
  });
  if (id !== undefined && items.length === 0) throw new CliError(`${HUMCTL_KINDS[kindName]} "${id}" was not found`);
  process.stdout.write(toYaml(items));
}

export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("get")
      .description(`List or show objects: ${Object.keys(KINDS).join(", ")}`)
      .argument("<kind>", "what to get (singular or plural)")
      .argument("[id]", "one object's id (a value's key, an artefact's name)")
      .option("--pipeline <id>", "pipeline-runs, pipeline-approvals: only this pipeline's")
      .addHelpText(
        "after",
        "\nExamples:\n  baton get runtime --app shop --env development   pods and containers (--env omitted: every environment)\n  baton get artefact-versions registry.example/shop\n  baton get pipeline-runs --app shop --pipeline promote",
      ),
  ).action((kindName: string, id: string | undefined, options: GetOptions) =>
    runRemote(async () => {
      const kind = kindOf(kindName);
      const ctx = remoteContext(options);
      if (ctx.format === "yaml" && HUMCTL_KINDS[kind.name]) return printHumctl(ctx, kind.name, id);
      if (kind.read) {
        const { document, rows, tableColumns, notice } = await kind.read(ctx, id, options);
        // A table with no rows would not say why (runtime unknown): the notice does.
        if (ctx.format === "table" && notice) process.stdout.write(`${notice}\n`);
        else if (ctx.format === "table") print(rows, ctx.format, tableColumns ?? kind.columns);
        else print(document, ctx.format);
        return;
      }
      const path = kind.path!;
      if (id) {
        const base = path(ctx);
        if (kind.name === "values") {
          // Values are listed, not fetched one by one, so the env view includes app values.
          const all = await ctx.client.list<Row>(base);
          const v = all.find((x) => x.key === id);
          if (!v) throw usageError(`Value "${id}" was not found`);
          print(v, ctx.format, kind.columns);
          return;
        }
        const item = await ctx.client.get<Row>(kind.item ? kind.item(ctx, id) : `${base}/${enc(id)}`);
        print(item, ctx.format, kind.columns);
        return;
      }
      const rows = await ctx.client.list<Row>(path(ctx));
      print(rows, ctx.format, kind.columns);
    }),
  );
}

export type { DeploymentJson };
