/** `baton template render`: output exactly, Go's error with exit 1, data decoding by extension. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./harness";

const baton = path.join(repoRoot, "bin/baton.mjs");

describe("baton template render", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "baton-template-"));
  writeFileSync(path.join(dir, "t.tpl"), 'port: {{ .port }}\n{{ .name | quote }}');
  writeFileSync(path.join(dir, "d.json"), '{"port": 1000000, "name": "x"}');
  writeFileSync(path.join(dir, "d.yaml"), "port: 1000000\nname: x\n");
  writeFileSync(path.join(dir, "bad.tpl"), "ok\n{{ .cookie.name }}");

  it("prints the output exactly (no added newline), decoding .json as float64 and .yaml as int", () => {
    const j = execFileSync("node", [baton, "template", "render", "-t", path.join(dir, "t.tpl"), "--data", path.join(dir, "d.json")], { encoding: "utf8" });
    expect(j).toBe('port: 1e+06\n"x"');
    const y = execFileSync("node", [baton, "template", "render", "-t", path.join(dir, "t.tpl"), "--data", path.join(dir, "d.yaml")], { encoding: "utf8" });
    expect(y).toBe('port: 1000000\n"x"');
  });

  it("exits 1 with Go's error text, named after the file, and reads the template from stdin with -", () => {
    writeFileSync(path.join(dir, "null.json"), '{"cookie": null}');
    const r = spawnSync("node", [baton, "template", "render", "-t", path.join(dir, "bad.tpl"), "--data", path.join(dir, "null.json")], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('template: bad.tpl:2:10: executing "bad.tpl" at <.cookie.name>: nil pointer evaluating interface {}.name\n');
    const s = spawnSync("node", [baton, "template", "render", "-t", "-"], { input: "{{ upper \"hi\" }}", encoding: "utf8" });
    expect([s.status, s.stdout]).toEqual([0, "HI"]);
  });

  it("stops a runaway template on its step budget instead of running for minutes", () => {
    const r = spawnSync("node", [baton, "template", "render", "-t", "-"], { input: "{{range $i := until 100000000}}x{{end}}", encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^template: stdin:1:14: executing "stdin" at <until 100000000>: error calling until: step budget exhausted: more than 10000000 /);
  });
});
