import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFilePath, readConfigDocument, readConfigFile, resolveSettings, writeConfigFile } from "@/lib/cli/remote/config";
import { baton, tempDir } from "./helpers";

describe("CLI configuration", () => {
  it("takes flags over environment over the config file over defaults", () => {
    const file = { url: "http://file:1", token: "file-token", org: "file-org", app: "file-app", env: "file-env" };
    const env = { BATON_URL: "http://env:2", BATON_TOKEN: "env-token", BATON_APP: "env-app" };
    const s = resolveSettings({ url: "http://flag:3", app: "flag-app" }, env, file);
    expect(s).toMatchObject({ url: "http://flag:3", token: "env-token", org: "file-org", app: "flag-app", env: "file-env" });
    expect(s.sources).toEqual({ url: "flag", token: "env BATON_TOKEN", org: "config file", app: "flag", env: "config file" });
    const defaults = resolveSettings({}, {}, {});
    expect(defaults).toMatchObject({ url: "http://127.0.0.1:3000", org: "default", token: undefined });
    expect(defaults.sources.url).toBe("default");
  });

  it("refuses a URL without a scheme, naming where it came from", () => {
    expect(() => resolveSettings({}, { BATON_URL: "localhost:3000" }, {})).toThrow(/must start with http:\/\/ .*from env/);
  });

  it("writes the config file with mode 0600 under XDG_CONFIG_HOME and reads it back", () => {
    const dir = tempDir();
    const file = configFilePath({ XDG_CONFIG_HOME: dir });
    expect(file).toBe(path.join(dir, "baton", "config.yaml"));
    writeConfigFile({ url: "http://x:1", token: "secret-token", org: "o" }, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readConfigFile(file)).toEqual({ url: "http://x:1", token: "secret-token", org: "o" });
    expect(configFilePath({ BATON_CONFIG: "/tmp/custom.yaml", XDG_CONFIG_HOME: dir })).toBe("/tmp/custom.yaml");
  });

  it("reports a broken config file by name", () => {
    const file = path.join(tempDir(), "config.yaml");
    fs.writeFileSync(file, "url: [unclosed");
    expect(() => readConfigFile(file)).toThrow(file);
  });

  it("honours humctl's HUMANITEC_* variables beside BATON_*, BATON_* winning when both are set", () => {
    const humctl = { HUMANITEC_API_PREFIX: "https://baton.example/api/v1/", HUMANITEC_TOKEN: "h-token", HUMANITEC_ORG: "h-org", HUMANITEC_APP: "h-app", HUMANITEC_ENV: "h-env" };
    const s = resolveSettings({}, humctl, { org: "file-org" });
    expect(s).toMatchObject({ url: "https://baton.example", token: "h-token", org: "h-org", app: "h-app", env: "h-env" });
    expect(s.sources).toMatchObject({ url: "env HUMANITEC_API_PREFIX", token: "env HUMANITEC_TOKEN", org: "env HUMANITEC_ORG" });
    const both = resolveSettings({}, { ...humctl, BATON_TOKEN: "b-token", BATON_APP: "b-app", BATON_URL: "http://b:1" }, {});
    expect(both).toMatchObject({ url: "http://b:1", token: "b-token", app: "b-app", org: "h-org" });
    expect(both.sources.token).toBe("env BATON_TOKEN");
    expect(resolveSettings({ org: "flag-org" }, humctl, {}).org).toBe("flag-org");
  });

  it("keeps named contexts; reads the earlier flat file as context default", () => {
    const file = path.join(tempDir(), "config.yaml");
    fs.writeFileSync(file, "url: http://old:1\ntoken: old-token\norg: o\n");
    expect(readConfigDocument(file)).toEqual({ currentContext: "default", contexts: { default: { url: "http://old:1", token: "old-token", org: "o" } } });
    writeConfigFile({ url: "http://prod:1", token: "prod-token", org: "p" }, file, "prod");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readConfigFile(file)).toEqual({ url: "http://old:1", token: "old-token", org: "o" });
    expect(readConfigFile(file, "prod")).toMatchObject({ url: "http://prod:1" });
    expect(resolveSettings({ context: "prod" }, { BATON_CONFIG: file })).toMatchObject({ url: "http://prod:1", context: "prod" });
    expect(resolveSettings({}, { BATON_CONFIG: file, BATON_CONTEXT: "prod" })).toMatchObject({ org: "p", context: "prod" });
    expect(() => resolveSettings({ context: "nope" }, { BATON_CONFIG: file })).toThrow(/context "nope" \(from --context\) is not in .*; it has default, prod/);
  });
});

describe("baton config and completion", () => {
  it("config set / use-context / get-contexts / view / delete-context keep the file at 0600 and never print a token", async () => {
    const file = path.join(tempDir(), "sub", "config.yaml");
    const env = { BATON_CONFIG: file };
    expect((await baton(["config", "set", "url", "http://staging:3000", "--context", "staging"], env)).code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await baton(["config", "set", "token", "baton_staging_secret_token", "--context", "staging"], env)).code).toBe(0);
    expect((await baton(["config", "set", "url", "http://prod:3000", "--context", "prod"], env)).code).toBe(0);
    const missing = await baton(["config", "use-context", "qa"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no context "qa"');
    expect(await baton(["config", "use-context", "staging"], env)).toMatchObject({ code: 0, stdout: "Switched to context staging.\n" });
    const list = await baton(["config", "get-contexts"], env);
    expect(list.stdout).toMatch(/^CURRENT +NAME +URL/);
    expect(list.stdout).toMatch(/\* +staging +http:\/\/staging:3000/);
    expect(list.stdout).not.toContain("baton_staging_secret_token");
    const view = await baton(["config", "view"], env);
    expect(view.stdout).toMatch(/url +http:\/\/staging:3000 +\(config file\)/);
    expect(view.stdout).toMatch(/context staging/);
    expect(view.stdout).not.toContain("baton_staging_secret_token");
    const envWins = await baton(["config", "view"], { ...env, HUMANITEC_ORG: "from-humctl" });
    expect(envWins.stdout).toMatch(/org +from-humctl +\(env HUMANITEC_ORG\)/);
    expect((await baton(["config", "view", "--context", "prod"], env)).stdout).toMatch(/url +http:\/\/prod:3000/);
    expect((await baton(["config", "set", "url", "localhost:1"], env)).code).toBe(2);
    expect((await baton(["config", "delete-context", "staging"], env)).stdout).toContain("the current context is prod");
    expect(readConfigDocument(file)).toEqual({ currentContext: "prod", contexts: { prod: { url: "http://prod:3000" } } });
  });

  it("prints bash and zsh completion scripts naming commands, subcommands and flags", async () => {
    const bash = await baton(["completion", "bash"]);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain("complete -o default -F _baton baton");
    const top = /"" *\) words="([^"]*)"/.exec(bash.stdout)?.[1].split(" ");
    expect(top).toEqual(expect.arrayContaining(["apply", "score", "get", "login", "config", "completion", "--version"]));
    expect(bash.stdout).toMatch(/"score"\) words="[^"]*\bvalidate\b[^"]*\bdeploy\b/);
    expect(bash.stdout).toMatch(/"apply"\) words="[^"]*--file[^"]*"/);
    expect(bash.stdout).toMatch(/"config"\) words="[^"]*\buse-context\b[^"]*"/);
    expect(top).toEqual(expect.arrayContaining(["logs", "approve", "deny"]));
    expect(bash.stdout).toMatch(/"create"\) words="[^"]*\bartefact-version\b[^"]*\bpipeline-run\b/);
    expect(bash.stdout).toMatch(/"logs"\) words="[^"]*--tail[^"]*--follow/);
    expect(bash.stdout).toMatch(/"approve"\) words="[^"]*--run[^"]*--job/);
    expect(bash.stdout).toMatch(/get\|delete\).*\bruntime artefacts artefact-versions pipelines pipeline-runs pipeline-approvals\b/);
    const bashCheck = spawnSync("bash", ["-n"], { input: bash.stdout });
    expect(bashCheck.status, String(bashCheck.stderr)).toBe(0);
    const zsh = await baton(["completion", "zsh"]);
    expect(zsh.stdout).toContain("bashcompinit");
    expect(zsh.stdout).toContain("complete -o default -F _baton baton");
    expect((await baton(["completion", "fish"])).code).toBe(2);
  });
});
