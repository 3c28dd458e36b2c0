import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CliError, usageError } from "./errors";

/** What `baton login` stores and every remote command reads. */
export interface StoredConfig {
  url?: string;
  token?: string;
  org?: string;
  app?: string;
  env?: string;
}

export const CONFIG_KEYS = ["url", "token", "org", "app", "env"] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

const ENV_VARS: Record<ConfigKey, string> = { url: "BATON_URL", token: "BATON_TOKEN", org: "BATON_ORG", app: "BATON_APP", env: "BATON_ENV" };
const DEFAULTS: Partial<Record<ConfigKey, string>> = { url: "http://127.0.0.1:3000", org: "default" };

/** `$BATON_CONFIG`, else `$XDG_CONFIG_HOME/baton/config.yaml`, else `~/.config/baton/config.yaml`. */
export function configFilePath(env: Record<string, string | undefined> = process.env): string {
  if (env.BATON_CONFIG) return path.resolve(env.BATON_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "baton", "config.yaml");
}

export function readConfigFile(file = configFilePath()): StoredConfig {
  if (!fs.existsSync(file)) return {};
  let data: unknown;
  try {
    data = parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliError(`${file}: not valid YAML (${(err as Error).message.split("\n")[0]}); fix or delete it and run \`baton login\` again`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) throw new CliError(`${file}: must be a YAML mapping of ${CONFIG_KEYS.join(", ")}`);
  const out: StoredConfig = {};
  for (const key of CONFIG_KEYS) {
    const v = (data as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

/** Writes the file readable by its owner only (0600): it holds an API token. */
export function writeConfigFile(config: StoredConfig, file = configFilePath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const clean = Object.fromEntries(CONFIG_KEYS.filter((k) => config[k] !== undefined && config[k] !== "").map((k) => [k, config[k]]));
  fs.writeFileSync(file, stringify(clean), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

export interface ConnectionFlags {
  url?: string;
  token?: string;
  org?: string;
  app?: string;
  env?: string;
}

export interface Settings {
  url: string;
  token?: string;
  org: string;
  app?: string;
  env?: string;
  /** Where each setting came from, for `baton config view` and error messages. */
  sources: Partial<Record<ConfigKey, "flag" | "env" | "config file" | "default">>;
}

/** Flags > environment (`BATON_*`) > config file > defaults. */
export function resolveSettings(flags: ConnectionFlags, env: Record<string, string | undefined> = process.env, file = readConfigFile(configFilePath(env))): Settings {
  const sources: Settings["sources"] = {};
  const pick = (key: ConfigKey): string | undefined => {
    const candidates: [string | undefined, "flag" | "env" | "config file" | "default"][] = [
      [flags[key], "flag"],
      [env[ENV_VARS[key]], "env"],
      [file[key], "config file"],
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
  const url = pick("url")!.replace(/\/+$/, "");
  if (!/^https?:\/\//.test(url)) throw usageError(`url "${url}" must start with http:// or https:// (from ${sources.url})`);
  return { url, token: pick("token"), org: pick("org")!, app: pick("app"), env: pick("env"), sources };
}

export function requireApp(s: Settings): string {
  if (!s.app) throw usageError("No application: pass --app APP, set BATON_APP, or run `baton config set app APP`");
  return s.app;
}

export function requireEnv(s: Settings): string {
  if (!s.env) throw usageError("No environment: pass --env ENV, set BATON_ENV, or run `baton config set env ENV`");
  return s.env;
}

export { ENV_VARS };
