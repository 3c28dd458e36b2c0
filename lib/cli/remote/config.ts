import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CliError, usageError } from "./errors";

/** One context of the config file: what `baton login` stores and every remote command reads. */
export interface StoredConfig {
  url?: string;
  token?: string;
  org?: string;
  app?: string;
  env?: string;
}

export const CONFIG_KEYS = ["url", "token", "org", "app", "env"] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/**
 * The environment variables of each setting, the first set one wins: Baton's own, then humctl's
 * (so a pipeline written for humctl switches by changing HUMANITEC_API_PREFIX only). BATON_*
 * wins when both are set.
 */
export const ENV_VARS: Record<ConfigKey, readonly string[]> = {
  url: ["BATON_URL", "HUMANITEC_API_PREFIX"],
  token: ["BATON_TOKEN", "HUMANITEC_TOKEN"],
  org: ["BATON_ORG", "HUMANITEC_ORG"],
  app: ["BATON_APP", "HUMANITEC_APP"],
  env: ["BATON_ENV", "HUMANITEC_ENV"],
};
const DEFAULTS: Partial<Record<ConfigKey, string>> = { url: "http://127.0.0.1:3000", org: "default" };
export const DEFAULT_CONTEXT = "default";

/** The whole file: named contexts and the one in use (`baton config use-context`). */
export interface ConfigDocument {
  currentContext: string;
  contexts: Record<string, StoredConfig>;
}

/** `$BATON_CONFIG`, else `$XDG_CONFIG_HOME/baton/config.yaml`, else `~/.config/baton/config.yaml`. */
export function configFilePath(env: Record<string, string | undefined> = process.env): string {
  if (env.BATON_CONFIG) return path.resolve(env.BATON_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "baton", "config.yaml");
}

function contextOf(data: unknown, where: string): StoredConfig {
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) throw new CliError(`${where}: must be a YAML mapping of ${CONFIG_KEYS.join(", ")}`);
  const out: StoredConfig = {};
  for (const key of CONFIG_KEYS) {
    const v = (data as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

/**
 * Reads the file: `current-context` and `contexts: {NAME: {url, token, org, app, env}}`. A file
 * of the earlier flat form (`url: …` at the top) is the context "default".
 */
export function readConfigDocument(file = configFilePath()): ConfigDocument {
  if (!fs.existsSync(file)) return { currentContext: DEFAULT_CONTEXT, contexts: {} };
  let data: unknown;
  try {
    data = parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliError(`${file}: not valid YAML (${(err as Error).message.split("\n")[0]}); fix or delete it and run \`baton login\` again`);
  }
  if (data === null || data === undefined) return { currentContext: DEFAULT_CONTEXT, contexts: {} };
  if (typeof data !== "object" || Array.isArray(data)) throw new CliError(`${file}: must be a YAML mapping (current-context, contexts)`);
  const doc = data as Record<string, unknown>;
  if (!("contexts" in doc) && !("current-context" in doc)) return { currentContext: DEFAULT_CONTEXT, contexts: { [DEFAULT_CONTEXT]: contextOf(doc, file) } };
  const raw = doc.contexts ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new CliError(`${file}: contexts must be a mapping of context name → settings`);
  const contexts = Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([name, c]) => [name, contextOf(c, `${file}: contexts.${name}`)]));
  const current = doc["current-context"];
  return { currentContext: typeof current === "string" && current ? current : DEFAULT_CONTEXT, contexts };
}

/** Writes the file readable by its owner only (0600): it holds API tokens. */
export function writeConfigDocument(doc: ConfigDocument, file = configFilePath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const clean = (c: StoredConfig) => Object.fromEntries(CONFIG_KEYS.filter((k) => c[k] !== undefined && c[k] !== "").map((k) => [k, c[k]]));
  const body = { "current-context": doc.currentContext, contexts: Object.fromEntries(Object.entries(doc.contexts).map(([n, c]) => [n, clean(c)])) };
  fs.writeFileSync(file, stringify(body), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The settings of one context (default: the current one). */
export function readConfigFile(file = configFilePath(), context?: string): StoredConfig {
  const doc = readConfigDocument(file);
  return doc.contexts[context ?? doc.currentContext] ?? {};
}

/** Replaces one context's settings (default: the current one), keeping the others. */
export function writeConfigFile(config: StoredConfig, file = configFilePath(), context?: string): void {
  const doc = readConfigDocument(file);
  doc.contexts[context ?? doc.currentContext] = config;
  writeConfigDocument(doc, file);
}

export interface ConnectionFlags {
  url?: string;
  token?: string;
  org?: string;
  app?: string;
  env?: string;
  context?: string;
}

export type SettingSource = "flag" | "config file" | "default" | `env ${string}`;

export interface Settings {
  url: string;
  token?: string;
  org: string;
  app?: string;
  env?: string;
  /** The config file's context the settings were read from. */
  context: string;
  /** Where each setting came from, for `baton config view` and error messages. */
  sources: Partial<Record<ConfigKey, SettingSource>>;
}

/** A server address; humctl's API prefix (`…/api/v1`) is accepted too. */
function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

/**
 * Flags > environment (`BATON_*`, then `HUMANITEC_*`) > the config file's context (--context,
 * BATON_CONTEXT, else the file's current context) > defaults.
 */
export function resolveSettings(flags: ConnectionFlags, env: Record<string, string | undefined> = process.env, file?: StoredConfig): Settings {
  const file_ = configFilePath(env);
  const doc = file === undefined ? readConfigDocument(file_) : undefined;
  const context = flags.context || env.BATON_CONTEXT || doc?.currentContext || DEFAULT_CONTEXT;
  if (doc && (flags.context || env.BATON_CONTEXT) && !doc.contexts[context]) {
    const known = Object.keys(doc.contexts);
    throw usageError(`context "${context}" (from ${flags.context ? "--context" : "BATON_CONTEXT"}) is not in ${file_}${known.length ? `; it has ${known.join(", ")}` : ""}`);
  }
  const stored = file ?? doc!.contexts[context] ?? {};
  const sources: Settings["sources"] = {};
  const pick = (key: ConfigKey): string | undefined => {
    const candidates: [string | undefined, SettingSource][] = [
      [flags[key], "flag"],
      ...ENV_VARS[key].map((name): [string | undefined, SettingSource] => [env[name], `env ${name}`]),
      [stored[key], "config file"],
      [DEFAULTS[key], "default"],
    ];
    for (const [value, source] of candidates) {
      if (value !== undefined && value !== "") {
        sources[key] = source;
        return value;
      }
    }
    return undefined;
  };
  const url = normaliseUrl(pick("url")!);
  if (!/^https?:\/\//.test(url)) throw usageError(`url "${url}" must start with http:// or https:// (from ${sources.url})`);
  return { url, token: pick("token"), org: pick("org")!, app: pick("app"), env: pick("env"), context, sources };
}

export function requireApp(s: Settings): string {
  if (!s.app) throw usageError("No application: pass --app APP, set BATON_APP (or HUMANITEC_APP), or run `baton config set app APP`");
  return s.app;
}

export function requireEnv(s: Settings): string {
  if (!s.env) throw usageError("No environment: pass --env ENV, set BATON_ENV (or HUMANITEC_ENV), or run `baton config set env ENV`");
  return s.env;
}
