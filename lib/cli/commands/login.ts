import type { Command } from "commander";
import { ApiClient } from "@/lib/cli/remote/client";
import { withConnectionOptions, runRemote, type RemoteOptions } from "@/lib/cli/remote/command";
import { CONFIG_KEYS, configFilePath, readConfigDocument, resolveSettings, writeConfigDocument, type ConfigKey } from "@/lib/cli/remote/config";
import { usageError } from "@/lib/cli/remote/errors";

interface CurrentUser {
  email: string;
  roles: Record<string, string>;
}

const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkContextName(name: string): string {
  if (!CONTEXT_NAME.test(name)) throw usageError(`context name "${name}": use letters, digits, ".", "_" and "-"`);
  return name;
}

/** A token as `config view` shows it: its prefix only. */
const masked = (token: string) => `${token.slice(0, 10)}…`;

/**
 * `baton login` checks a token against the server and stores url, token and org in a context
 * of the config file (0600) and makes it current; `baton config set|view|use-context|…` edit and
 * show the file (kubectl's and humctl's habits).
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("login")
      .description("Check an API token against a Baton server and save it in the config file")
      .addHelpText("after", "\nThe token comes from --token, BATON_TOKEN or HUMANITEC_TOKEN; create one under Settings → API tokens.\nWith --context NAME the settings go to that context (created if new), which becomes the current one."),
    { output: false },
  ).action((options: RemoteOptions) =>
    runRemote(async () => {
      const file = configFilePath();
      const doc = readConfigDocument(file);
      const context = checkContextName(options.context ?? doc.currentContext);
      // Settings for the check: flags and environment over what the target context already holds.
      const settings = resolveSettings({ ...options, context: undefined }, process.env, doc.contexts[context] ?? {});
      const user = await new ApiClient(settings).get<CurrentUser>("/current-user");
      const orgOfToken = Object.keys(user.roles).map((scope) => /^\/orgs\/([^/]+)$/.exec(scope)?.[1]).find(Boolean);
      const org = options.org ?? orgOfToken ?? settings.org;
      doc.contexts[context] = { ...doc.contexts[context], url: settings.url, token: settings.token, org, ...(options.app ? { app: options.app } : {}), ...(options.env ? { env: options.env } : {}) };
      doc.currentContext = context;
      writeConfigDocument(doc, file);
      process.stdout.write(`Logged in to ${settings.url} as ${user.email} (organisation ${org}).\nSaved to ${file} (context ${context})\n`);
    }),
  );

  const config = program.command("config").description("Show or change the saved CLI configuration and its named contexts");
  config
    .command("set")
    .description(`Set a value of the current context (or --context NAME, created if new): ${CONFIG_KEYS.join(", ")}; an empty value removes it`)
    .argument("<key>")
    .argument("<value>")
    .option("--context <name>", "the context to change")
    .action((key: string, value: string, opts: { context?: string }) =>
      runRemote(async () => {
        if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw usageError(`unknown key "${key}": use one of ${CONFIG_KEYS.join(", ")}`);
        if (key === "url" && value !== "" && !/^https?:\/\//.test(value)) throw usageError(`url "${value}" must start with http:// or https://`);
        const file = configFilePath();
        const doc = readConfigDocument(file);
        const context = checkContextName(opts.context ?? doc.currentContext);
        const current = { ...doc.contexts[context] };
        current[key as ConfigKey] = value === "" ? undefined : value;
        doc.contexts[context] = current;
        writeConfigDocument(doc, file);
        process.stdout.write(`${key} ${value === "" ? "removed" : "set"} in context ${context} of ${file}\n`);
      }),
    );
  config
    .command("view")
    .description("Show the effective settings and where each comes from (token masked)")
    .option("--context <name>", "show this context instead of the current one")
    .action((opts: { context?: string }) =>
      runRemote(async () => {
        const s = resolveSettings({ context: opts.context });
        for (const key of CONFIG_KEYS) {
          const raw = s[key];
          const shown = key === "token" && raw ? masked(raw) : (raw ?? "");
          process.stdout.write(`${key.padEnd(7)} ${shown}${s.sources[key] ? `   (${s.sources[key]})` : ""}\n`);
        }
        process.stdout.write(`context ${s.context}\nfile    ${configFilePath()}\n`);
      }),
    );
  config
    .command("use-context")
    .description("Make a saved context the current one")
    .argument("<name>")
    .action((name: string) =>
      runRemote(async () => {
        const file = configFilePath();
        const doc = readConfigDocument(file);
        if (!doc.contexts[name]) {
          const known = Object.keys(doc.contexts);
          throw usageError(`no context "${name}" in ${file}${known.length ? ` (there are ${known.join(", ")})` : ""}; create it with \`baton login --context ${name} …\` or \`baton config set --context ${name} url URL\``);
        }
        doc.currentContext = name;
        writeConfigDocument(doc, file);
        process.stdout.write(`Switched to context ${name}.\n`);
      }),
    );
  config
    .command("get-contexts")
    .description("List the saved contexts (* marks the current one)")
    .action(() =>
      runRemote(async () => {
        const doc = readConfigDocument(configFilePath());
        const rows = Object.entries(doc.contexts).map(([name, c]) => [name === doc.currentContext ? "*" : "", name, c.url ?? "", c.org ?? "", c.app ?? "", c.env ?? ""]);
        const header = ["CURRENT", "NAME", "URL", "ORG", "APP", "ENV"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        for (const r of [header, ...rows]) process.stdout.write(r.map((v, i) => v.padEnd(widths[i])).join("   ").trimEnd() + "\n");
      }),
    );
  config
    .command("delete-context")
    .description("Remove a saved context (and its token) from the file")
    .argument("<name>")
    .action((name: string) =>
      runRemote(async () => {
        const file = configFilePath();
        const doc = readConfigDocument(file);
        if (!doc.contexts[name]) throw usageError(`no context "${name}" in ${file}`);
        delete doc.contexts[name];
        if (doc.currentContext === name) doc.currentContext = Object.keys(doc.contexts)[0] ?? "default";
        writeConfigDocument(doc, file);
        process.stdout.write(`Deleted context ${name}; the current context is ${doc.currentContext}.\n`);
      }),
    );
  config
    .command("path")
    .description("Print the config file's path")
    .action(() => void process.stdout.write(`${configFilePath()}\n`));
}
