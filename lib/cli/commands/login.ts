import type { Command } from "commander";
import { ApiClient } from "@/lib/cli/remote/client";
import { withConnectionOptions, runRemote, type RemoteOptions } from "@/lib/cli/remote/command";
import { CONFIG_KEYS, configFilePath, readConfigFile, resolveSettings, writeConfigFile, type ConfigKey } from "@/lib/cli/remote/config";
import { usageError } from "@/lib/cli/remote/errors";

interface CurrentUser {
  email: string;
  roles: Record<string, string>;
}

/**
 * `baton login` checks a token against the server and stores url, token and org in the
 * config file (0600); `baton config set|view|path` edits and shows it.
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("login")
      .description("Check an API token against a Baton server and save it in the config file")
      .addHelpText("after", "\nThe token comes from --token or BATON_TOKEN; create one under Settings → API tokens."),
    { output: false },
  ).action((options: RemoteOptions) =>
    runRemote(async () => {
      const settings = resolveSettings(options);
      const user = await new ApiClient(settings).get<CurrentUser>("/current-user");
      const orgOfToken = Object.keys(user.roles).map((scope) => /^\/orgs\/([^/]+)$/.exec(scope)?.[1]).find(Boolean);
      const org = options.org ?? orgOfToken ?? settings.org;
      const file = configFilePath();
      writeConfigFile({ ...readConfigFile(file), url: settings.url, token: settings.token, org, ...(options.app ? { app: options.app } : {}), ...(options.env ? { env: options.env } : {}) }, file);
      process.stdout.write(`Logged in to ${settings.url} as ${user.email} (organisation ${org}).\nSaved to ${file}\n`);
    }),
  );

  const config = program.command("config").description("Show or change the saved CLI configuration");
  config
    .command("set")
    .description(`Set a value: ${CONFIG_KEYS.join(", ")} (empty value removes it)`)
    .argument("<key>")
    .argument("<value>")
    .action((key: string, value: string) =>
      runRemote(async () => {
        if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw usageError(`unknown key "${key}": use one of ${CONFIG_KEYS.join(", ")}`);
        const file = configFilePath();
        const current = readConfigFile(file);
        current[key as ConfigKey] = value === "" ? undefined : value;
        writeConfigFile(current, file);
        process.stdout.write(`${key} ${value === "" ? "removed" : "set"} in ${file}\n`);
      }),
    );
  config
    .command("view")
    .description("Show the effective settings and where each comes from (token masked)")
    .action(() =>
      runRemote(async () => {
        const s = resolveSettings({});
        for (const key of CONFIG_KEYS) {
          const raw = s[key];
          const shown = key === "token" && raw ? `${raw.slice(0, 10)}…` : (raw ?? "");
          process.stdout.write(`${key.padEnd(6)} ${shown}${s.sources[key] ? `   (${s.sources[key]})` : ""}\n`);
        }
        process.stdout.write(`file   ${configFilePath()}\n`);
      }),
    );
  config
    .command("path")
    .description("Print the config file's path")
    .action(() => void process.stdout.write(`${configFilePath()}\n`));
}
