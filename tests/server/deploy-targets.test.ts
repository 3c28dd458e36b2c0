import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isLocalRepository, localRepositoryRefusal, removeClonesOfDeadProcesses } from "@/lib/server/deploy/targets";

describe("GitOps repositories on several processes", () => {
  it("tells a repository on this machine from one on a server", () => {
    for (const url of ["/var/lib/baton/gitops.git", "./data/gitops.git", "file:///srv/gitops.git"]) expect(isLocalRepository(url), url).toBe(true);
    for (const url of ["https://git.example.com/platform/gitops.git", "ssh://git@git.example.com/gitops.git", "git@github.com:org/gitops.git"]) expect(isLocalRepository(url), url).toBe(false);
  });

  it("refuses a local repository on PostgreSQL unless the data directory is shared, and says what to do", () => {
    const refusal = localRepositoryRefusal("/var/lib/baton/gitops.git", { postgres: true, sharedDataDir: false });
    expect(refusal).toMatch(/is a path on this machine, but Baton runs on PostgreSQL/);
    expect(refusal).toMatch(/BATON_DATA_DIR_SHARED=true/);
    expect(localRepositoryRefusal("/var/lib/baton/gitops.git", { postgres: true, sharedDataDir: true })).toBeUndefined();
    expect(localRepositoryRefusal("/var/lib/baton/gitops.git", { postgres: false, sharedDataDir: false })).toBeUndefined();
    expect(localRepositoryRefusal("https://git.example.com/gitops.git", { postgres: true, sharedDataDir: false })).toBeUndefined();
  });

  it("removes only the working clones of processes on this machine that are gone", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-clones-"));
    const root = path.join(dataDir, "gitops-work", "clones");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const dirs = { mine: `${os.hostname()}-${process.pid}`, dead: `${os.hostname()}-${dead}`, otherHost: `another-host-${dead}` };
    for (const d of Object.values(dirs)) fs.mkdirSync(path.join(root, d, "clone"), { recursive: true });
    removeClonesOfDeadProcesses(dataDir);
    expect(fs.readdirSync(root).sort()).toEqual([dirs.mine, dirs.otherHost].sort());
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
