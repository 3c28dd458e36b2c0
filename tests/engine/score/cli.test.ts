import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "@/lib/cli/main";

/** `baton score validate` run through the real CLI entry point, with stdout / stderr captured. */

const dir = mkdtempSync(path.join(tmpdir(), "baton-score-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const VALID = `apiVersion: score.dev/v1b1
metadata:
  name: hello
containers:
  main:
    image: .
    variables:
      PORT: "3000"
`;
const INVALID = VALID.replace('PORT: "3000"', "PORT: 3000");

let stdout = "";
let stderr = "";

beforeEach(() => {
  stdout = "";
  stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  // main() reports through process.exitCode; never leak it into the test runner's exit status.
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<number> {
  process.exitCode = undefined;
  return main(["node", "baton", "score", "validate", ...args]);
}

describe("baton score validate", () => {
  it("exits 0 and says so for a valid file", async () => {
    const file = writeFile("valid.yaml", VALID);
    expect(await run("-f", file)).toBe(0);
    expect(stdout).toBe(`${file}: valid\n`);
  });

  it("exits 1 and prints FILE: field: message (line, col) for an invalid file", async () => {
    const file = writeFile("invalid.yaml", INVALID);
    expect(await run("-f", file)).toBe(1);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${file}: containers.main.variables.PORT: must be a string (line 8, col 13)`);
    expect(lines[1]).toBe('    hint: YAML reads this unquoted value as a number; wrap it in quotes: "3000"');
    expect(lines[2]).toBe("1 of 1 file(s) invalid, 1 error(s)");
  });

  it("validates several files given with -f or as arguments, and fails if any is invalid", async () => {
    const good = writeFile("good.yaml", VALID);
    const bad = writeFile("bad.yaml", INVALID);
    const other = writeFile("other.yaml", VALID.replace("hello", "other"));
    expect(await run("-f", good, "-f", bad, other)).toBe(1);
    expect(stdout).toContain(`${good}: valid\n`);
    expect(stdout).toContain(`${other}: valid\n`);
    expect(stdout).toContain(`${bad}: containers.main.variables.PORT: must be a string (line 8, col 13)`);
    expect(await run(good, other)).toBe(0);
  });

  it("reports a missing file without a position", async () => {
    const missing = path.join(dir, "nope.yaml");
    expect(await run("-f", missing)).toBe(1);
    expect(stdout).toContain(`${missing}: cannot read file: no such file\n`);
  });

  it("prints deprecation warnings on stderr and still accepts the file", async () => {
    const legacy = writeFile(
      "legacy.yaml",
      "apiVersion: score.dev/v1b1\nmetadata: {name: legacy}\ncontainers:\n  main:\n    image: nginx\n    files:\n      - target: /etc/a\n        content: x\n",
    );
    expect(await run("-f", legacy)).toBe(0);
    expect(stderr).toContain(`warning: ${legacy}: containers.main.files: deprecated form upgraded`);
  });

  it("applies --override-property, --overrides-file and --image before validating", async () => {
    const file = writeFile("ov.yaml", INVALID);
    expect(await run("-f", file, "--override-property", 'containers.main.variables.PORT="8080"')).toBe(0);
    const overrides = writeFile("overrides.yaml", "containers:\n  main:\n    variables:\n      PORT: null\n");
    expect(await run("-f", file, "--overrides-file", overrides, "--image", "nginx:1")).toBe(0);
    expect(await run("-f", file, "-p", "containers.main.image=")).toBe(1);
    expect(stdout).toContain(`${file}: containers.main: missing required field "image"`);
  });

  it("refuses single-file flags with several files, and no files at all (exit 2)", async () => {
    const a = writeFile("a.yaml", VALID);
    expect(await run("-f", a, "-f", a, "--image", "x")).toBe(2);
    expect(stderr).toContain("need exactly one Score file");
    expect(await run()).toBe(2);
    expect(stderr).toContain("no Score file given");
  });

  it("prints JSON with --format json", async () => {
    const bad = writeFile("json.yaml", INVALID);
    expect(await run("-f", bad, "--format", "json")).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; files: { file: string; errors: { path: string; line: number; column: number }[] }[] };
    expect(report.valid).toBe(false);
    expect(report.files[0].errors[0]).toMatchObject({ path: "/containers/main/variables/PORT", line: 8, column: 13 });
  });

  it("shows a usage error (exit 2) for an unknown option", async () => {
    expect(await run("--frobnicate")).toBe(2);
  });
});
