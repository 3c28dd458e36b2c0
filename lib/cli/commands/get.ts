import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteContext, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp, requireEnv } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print, type Column } from "@/lib/cli/remote/output";
import type { AppJson, DeploymentJson, EnvJson } from "@/lib/cli/remote/shapes";

type Row = Record<string, unknown>;
const col = (header: string, value: (r: Row) => unknown): Column<Row> => ({ header, value });
const enc = encodeURIComponent;

interface Kind {
  /** Collection path; `ctx` gives app/env. */
  path(ctx: RemoteContext): string;
  /** Item path, when it differs from `${path}/${id}`. */
  item?(ctx: RemoteContext, id: string): string;
  columns: Column<Row>[];
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
  "resource-types": {
    path: (c) => `${c.client.orgPath}/resources/types`,
    columns: [col("type", (r) => r.type), col("name", (r) => r.name), col("use", (r) => r.use), col("category", (r) => r.category)],
  },
};

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
      .argument("[id]", "one object's id (a value's key)"),
  ).action((kindName: string, id: string | undefined, options: RemoteOptions) =>
    runRemote(async () => {
      const kind = kindOf(kindName);
      const ctx = remoteContext(options);
      if (ctx.format === "yaml" && HUMCTL_KINDS[kind.name]) return printHumctl(ctx, kind.name, id);
      if (id) {
        const base = kind.path(ctx);
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
      const rows = await ctx.client.list<Row>(kind.path(ctx));
      print(rows, ctx.format, kind.columns);
    }),
  );
}

export type { DeploymentJson };
