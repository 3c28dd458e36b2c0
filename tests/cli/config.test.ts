import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFilePath, readConfigFile, resolveSettings, writeConfigFile } from "@/lib/cli/remote/config";
import { tempDir } from "./helpers";

describe("CLI configuration", () => {
  it("takes flags over environment over the config file over defaults", () => {
    const file = { url: "http://file:1", token: "file-token", org: "file-org", app: "file-app", env: "file-env" };
    const env = { BATON_URL: "http://env:2", BATON_TOKEN: "env-token", BATON_APP: "env-app" };
    const s = resolveSettings({ url: "http://flag:3", app: "flag-app" }, env, file);
    expect(s).toMatchObject({ url: "http://flag:3", token: "env-token", org: "file-org", app: "flag-app", env: "file-env" });
    expect(s.sources).toEqual({ url: "flag", token: "env", org: "config file", app: "flag", env: "config file" });
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
});
