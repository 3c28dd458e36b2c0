import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPackageResponse } from "@/lib/server/downloads/cli-package";
import { tempDir } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");
let outDir: string;
let entry: string;
let packages: string[];

/** `node <bundle> ARGS` in a directory outside the checkout, as an installed CLI runs. */
function runBundle(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: cwd } as unknown as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  // Always a fresh build (esbuild's JS API, through the build script), so the test runs today's sources.
  outDir = tempDir("baton-cli-build-");
  const { buildCli } = (await import(path.join(repoRoot, "scripts/build-cli.mjs"))) as { buildCli: (o: object) => Promise<{ outfile: string; packages: string[] }> };
  const built = await buildCli({ outDir, pack: false, quiet: true });
  entry = built.outfile;
  packages = built.packages;
});

describe("the standalone CLI bundle", () => {
  it("carries no database driver, Next.js or React, and no TypeScript", () => {
    for (const p of ["better-sqlite3", "pg", "drizzle-orm", "next", "react"]) expect(packages).not.toContain(p);
    expect(packages).toEqual(expect.arrayContaining(["commander", "yaml"]));
    const files = fs.readdirSync(path.dirname(entry), { recursive: true }) as string[];
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(entry), "package.json"), "utf8"))).toMatchObject({ name: "@baton-orchestrator/cli", bin: { baton: "baton.mjs" } });
  });

  it("prints --help and runs offline verbs from outside the checkout", () => {
    const cwd = tempDir("baton-cli-run-");
    const help = runBundle(["--help"], cwd);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: baton/);
    expect(help.stdout).toMatch(/apply +Create or update everything/);

    fs.writeFileSync(path.join(cwd, "score.yaml"), "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\nresources:\n  db:\n    type: postgres\n");
    const valid = runBundle(["score", "validate", "score.yaml"], cwd);
    expect(valid).toMatchObject({ code: 0, stdout: "score.yaml: valid\n" });
    fs.writeFileSync(path.join(cwd, "bad.yaml"), "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: 42\n");
    const invalid = runBundle(["score", "validate", "bad.yaml"], cwd);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/bad\.yaml: containers\.main\.image/);

    const planned = runBundle(["plan", "-f", "score.yaml", "--app", "shop", "--env", "development", "--env-type", "development"], cwd);
    expect(planned.code, planned.stderr).toBe(0);
    const doc = JSON.parse(planned.stdout) as { graph: { nodes: { type: string }[] }; errors: unknown[] };
    expect(doc.errors).toEqual([]);
    expect(doc.graph.nodes.map((n) => n.type)).toContain("postgres");

    fs.writeFileSync(path.join(cwd, "t.tmpl"), '{{ .name | upper }}-{{ printf "%03d" .n }}');
    fs.writeFileSync(path.join(cwd, "d.yaml"), "name: web\nn: 7\n");
    expect(runBundle(["template", "render", "-t", "t.tmpl", "--data", "d.yaml"], cwd)).toMatchObject({ code: 0, stdout: "WEB-007" });
  });

  it("checks apply files before contacting any server, naming file, document and field", () => {
    const cwd = tempDir("baton-cli-apply-");
    fs.writeFileSync(path.join(cwd, "app.yaml"), "apiVersion: entity.humanitec.io/v1b1\nkind: Application\nmetadata:\n  id: shop\n---\napiVersion: entity.humanitec.io/v1b1\nkind: Environment\nmetadata:\n  id: dev\nentity:\n  type: development\n");
    // No server listens on port 1: the error must come from the files.
    const r = spawnSync(process.execPath, [entry, "apply", "-f", "app.yaml", "--dry-run"], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: cwd, BATON_URL: "http://127.0.0.1:1", BATON_TOKEN: "t" } as unknown as NodeJS.ProcessEnv });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^app\.yaml:\d+:\d+: document 2: metadata\.app_id: metadata\.app_id is required\n/);
    expect(r.stderr).toContain("nothing was applied");
  });

  it("says `baton admin` belongs to the server checkout", () => {
    const r = runBundle(["admin", "rotate-key", "--generate"], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not part of the standalone CLI");
  });
});

describe("GET /downloads/baton-cli.tgz", () => {
  it("serves the packed CLI as gzip, or 503 naming the build command", async () => {
    const root = tempDir("baton-dl-");
    const missing = await cliPackageResponse(root);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain("npm run build:cli");

    fs.mkdirSync(path.join(root, "dist", "cli"), { recursive: true });
    const gz = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    fs.writeFileSync(path.join(root, "dist", "cli", "baton-cli.tgz"), gz);
    const ok = await cliPackageResponse(root);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/gzip");
    expect(ok.headers.get("content-disposition")).toContain("baton-cli.tgz");
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(gz);
  });
});
