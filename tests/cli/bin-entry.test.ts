import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");

/**
 * A miniature checkout around the real bin/baton.mjs: a "bundle" and a "source" main that each
 * say which one ran, so the choice between them is what is tested.
 */
function miniCheckout(): { root: string; run: (args: string[], env?: Record<string, string>) => string } {
  const root = tempDir("baton-bin-");
  fs.mkdirSync(path.join(root, "bin"));
  fs.copyFileSync(path.join(repoRoot, "bin/baton.mjs"), path.join(root, "bin/baton.mjs"));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  fs.writeFileSync(path.join(root, "tsconfig.json"), "{}\n");
  for (const d of ["lib/cli/commands", "lib/cli/remote", "dist/cli/package"]) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.writeFileSync(path.join(root, "lib/cli/main.ts"), 'export async function main(argv: string[]): Promise<number> {\n  process.stdout.write(`source ${argv.slice(2).join(" ")}\\n`);\n  return 0;\n}\n');
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(root, "lib/cli/main.ts"), old, old);
  for (const d of ["lib/cli", "lib/cli/commands", "lib/cli/remote"]) fs.utimesSync(path.join(root, d), old, old);
  fs.writeFileSync(path.join(root, "dist/cli/package/baton.mjs"), 'process.stdout.write(`bundle ${process.argv.slice(2).join(" ")}\\n`);\n');
  fs.writeFileSync(path.join(root, "dist/cli/inputs.json"), JSON.stringify({ bundle: "dist/cli/package/baton.mjs", sources: ["lib/cli/main.ts"] }));
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [path.join(root, "bin/baton.mjs"), ...args], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } as unknown as NodeJS.ProcessEnv });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  return { root, run };
}

describe("bin/baton.mjs in the checkout", () => {
  it("runs the bundle while it is current, the sources once one changed, and admin always from the sources", () => {
    const { root, run } = miniCheckout();
    expect(run(["get", "apps"])).toBe("bundle get apps\n");
    expect(run(["admin", "rotate-key"])).toBe("source admin rotate-key\n");
    expect(run(["get", "apps"], { BATON_CLI_FROM_SOURCE: "1" })).toBe("source get apps\n");
    fs.utimesSync(path.join(root, "lib/cli/main.ts"), new Date(), new Date(Date.now() + 5_000));
    expect(run(["get", "apps"])).toBe("source get apps\n");
    fs.rmSync(path.join(root, "dist"), { recursive: true });
    expect(run(["--help"])).toBe("source --help\n");
  });
});
