/**
 * The GitOps target over SSH with a key, against a real OpenSSH server (sshd as a child
 * process on 127.0.0.1; Debian package openssh-server). Skips locally without sshd; fails in CI.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitOpsError, createGitOpsTarget, isSshUrl } from "@/lib/engine/targets/gitops";
import { SSHD, generateKey, startSshd, userName, type KeyPair, type RunningSshd } from "./sshd";

const sshdAvailable = fs.existsSync(SSHD) && process.getuid?.() === 0;
const whyUnavailable = `${SSHD} is missing or this is not root (install the Debian package openssh-server: apt-get install -y openssh-server)`;

if (!sshdAvailable) {
  if (process.env.CI) {
    describe("GitOps target over SSH", () => {
      it("needs a real sshd in CI", () => {
        throw new Error(`GitOps ssh tests cannot run: ${whyUnavailable}`);
      });
    });
  } else console.warn(`[gitops-ssh] skipped: ${whyUnavailable}`);
}

const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop-dev" } };
const deployment = (image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop-dev" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "main", image }] } } },
});
const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop-dev" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } };
const base = { app_id: "shop", env_id: "dev", namespace: "shop-dev" };

function filesContaining(dir: string, needle: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && fs.readFileSync(f, "latin1").includes(needle));
}

describe.skipIf(!sshdAvailable)("GitOps target over SSH (real sshd)", () => {
  // Paths with a space: the key, pins and trust file go through GIT_SSH_COMMAND, a shell line.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "baton git ssh "));
  const keyTmp = path.join(root, "tmp dir");
  const previousTmp = process.env.TMPDIR;
  let client: KeyPair;
  let sshd: RunningSshd;
  let repo = "";
  let url = "";
  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@x", ...args], { cwd }).toString();
  const workRoot = (name: string) => fs.mkdtempSync(path.join(root, `work ${name}-`));
  const newRepo = (name: string) => {
    const dir = path.join(root, "srv", `${name}.git`);
    execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", dir]);
    return dir;
  };
  const sshUrl = (port: number, dir: string) => `ssh://${userName()}@127.0.0.1:${port}${dir}`;
  const checkout = (dir: string) => {
    const out = fs.mkdtempSync(path.join(root, "check-"));
    execFileSync("git", ["clone", "--quiet", dir, out]);
    return out;
  };
  const commandsLog = path.join(root, "commands.log");
  const raceFlag = path.join(root, "race");
  const rival = path.join(root, "rival");

  beforeAll(async () => {
    fs.mkdirSync(keyTmp);
    process.env.TMPDIR = keyTmp;
    client = generateKey(root, "client");
    // Each session is logged; with the race flag set, a rival pushes just before the target's
    // push is received, so the branch moves between the target's fetch and its push.
    const wrapper = path.join(root, "session.sh");
    fs.writeFileSync(
      wrapper,
      [
        "#!/bin/sh",
        `echo "$SSH_ORIGINAL_COMMAND" >> '${commandsLog}'`,
        `if [ -f '${raceFlag}' ] && [ "\${SSH_ORIGINAL_COMMAND#git-receive-pack}" != "$SSH_ORIGINAL_COMMAND" ]; then`,
        `  rm -f '${raceFlag}'`,
        `  git -C '${rival}' push -q origin HEAD:main || exit 1`,
        "fi",
        'exec sh -c "$SSH_ORIGINAL_COMMAND"',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    sshd = await startSshd(path.join(root, "sshd"), client.publicKey, { forcedCommand: wrapper });
    repo = newRepo("gitops");
    url = sshUrl(sshd.port, repo);
  });
  afterAll(async () => {
    process.env.TMPDIR = previousTmp;
    if (previousTmp === undefined) delete process.env.TMPDIR;
    await sshd?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("recognises ssh URLs as git does", () => {
    expect(isSshUrl(url)).toBe(true);
    expect(isSshUrl("git@github.com:example-org/gitops-repo.git")).toBe(true);
    expect(isSshUrl("git+ssh://git@h/r.git")).toBe(true);
    expect(isSshUrl("https://github.com/o/r.git")).toBe(false);
    expect(isSshUrl("/srv/git/gitops.git")).toBe(false);
    expect(isSshUrl("./a:b")).toBe(false);
  });

  it("first push, update and no-op over ssh with a key; the key never stays on disk", async () => {
    const work = workRoot("main");
    const target = createGitOpsTarget({ url, branch: "main", workRoot: work, credentials: { sshKey: client.privateKey } });

    const first = await target.apply({ ...base, deploy_id: "d1", objects: [ns, deployment("web:1"), svc], author: { name: "Dana", email: "dana@example.com" } });
    expect(first.unchanged).toBe(false);
    let tree = checkout(repo);
    expect(fs.readdirSync(path.join(tree, "shop/dev")).sort()).toEqual(["deployment-web.yaml", "kustomization.yaml", "namespace-shop-dev.yaml", "service-web.yaml"]);
    expect(git(tree, "log", "-1", "--format=%an <%ae> %s")).toBe("Dana <dana@example.com> Deploy d1 to shop/dev\n");
    expect(first.commit).toBe(git(tree, "rev-parse", "HEAD").trim());

    const same = await target.apply({ ...base, deploy_id: "d2", objects: [ns, deployment("web:1"), svc] });
    expect(same).toMatchObject({ unchanged: true, commit: null });

    const update = await target.apply({ ...base, deploy_id: "d3", objects: [ns, deployment("web:2")] });
    expect(update.unchanged).toBe(false);
    tree = checkout(repo);
    expect(fs.readdirSync(path.join(tree, "shop/dev")).sort()).toEqual(["deployment-web.yaml", "kustomization.yaml", "namespace-shop-dev.yaml"]);
    expect(fs.readFileSync(path.join(tree, "shop/dev/deployment-web.yaml"), "utf8")).toContain("image: web:2");
    expect(git(tree, "rev-list", "--count", "HEAD").trim()).toBe("2");

    // Really over ssh: the server ran git's commands for this repository.
    const commands = fs.readFileSync(commandsLog, "utf8");
    expect(commands).toContain(`git-upload-pack '${repo}'`);
    expect(commands).toContain(`git-receive-pack '${repo}'`);
    // The key file lived for one git command each; neither the temp folder nor the clone keeps it.
    expect(fs.readdirSync(keyTmp)).toEqual([]);
    expect(filesContaining(work, client.privateKey.split("\n")[1])).toEqual([]);
  }, 60_000);

  it("retries when the branch moves between its fetch and its push", async () => {
    const target = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("race"), credentials: { sshKey: client.privateKey } });
    await target.apply({ ...base, env_id: "race", deploy_id: "r1", objects: [ns] });
    // The rival is up to date now; its commit is pushed from inside the target's next push session.
    execFileSync("git", ["clone", "--quiet", repo, rival]);
    fs.mkdirSync(path.join(rival, "blog/prod"), { recursive: true });
    fs.writeFileSync(path.join(rival, "blog/prod/x.yaml"), "a: 1\n");
    git(rival, "add", "-A");
    git(rival, "commit", "-qm", "rival");
    fs.writeFileSync(raceFlag, "");
    const before = fs.readFileSync(commandsLog, "utf8").split("\n").filter((l) => l.startsWith("git-receive-pack")).length;

    const r = await target.apply({ ...base, env_id: "race", deploy_id: "r2", objects: [ns, svc] });
    expect(fs.existsSync(raceFlag)).toBe(false);
    const pushes = fs.readFileSync(commandsLog, "utf8").split("\n").filter((l) => l.startsWith("git-receive-pack")).length - before;
    expect(pushes).toBe(2);
    const tree = checkout(repo);
    expect(git(tree, "log", "--format=%s", "-3").split("\n").slice(0, 3)).toEqual(["Deploy r2 to shop/race", "rival", "Deploy r1 to shop/race"]);
    expect(fs.existsSync(path.join(tree, "blog/prod/x.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(tree, "shop/race/service-web.yaml"))).toBe(true);
    expect(r.commit).toBe(git(tree, "rev-parse", "HEAD").trim());
  }, 60_000);

  it("a key the server does not accept fails with the remote named and the key never printed", async () => {
    const wrong = generateKey(root, "wrong");
    const target = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("wrong"), credentials: { sshKey: wrong.privateKey } });
    const err = (await target.apply({ ...base, deploy_id: "w1", objects: [ns] }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(GitOpsError);
    expect(err.message).toBe(`cannot reach the GitOps repository ${url}: the server refused the SSH key (${userName()}@127.0.0.1: Permission denied (publickey).)`);
    for (const line of wrong.privateKey.split("\n").filter((l) => l.length > 20)) expect(err.message).not.toContain(line);
    expect(fs.readdirSync(keyTmp)).toEqual([]);

    const garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key-at-all-0123456789abcdef\n-----END OPENSSH PRIVATE KEY-----\n";
    const bad = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("garbage"), credentials: { sshKey: garbage } });
    const badErr = (await bad.apply({ ...base, deploy_id: "w2", objects: [ns] }).catch((e: unknown) => e)) as Error;
    expect(badErr.message).toMatch(new RegExp(`^cannot reach the GitOps repository ${url}: credentials\\.ssh_key is not a usable private key \\(`));
    expect(badErr.message).not.toContain("not-a-key-at-all");
    expect(badErr.message).not.toContain(keyTmp);
  }, 60_000);

  it("accepts a key pasted with CRLF line endings (as browsers submit textareas)", async () => {
    const target = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("crlf"), credentials: { sshKey: client.privateKey.replace(/\n/g, "\r\n").trimEnd() } });
    const r = await target.apply({ ...base, env_id: "crlf", deploy_id: "c1", objects: [ns] });
    expect(r.unchanged).toBe(false);
  }, 60_000);

  describe("host keys", () => {
    const knownHostsOfUser = path.join(os.userInfo().homedir, ".ssh", "known_hosts");
    const userKnownHosts = () => (fs.existsSync(knownHostsOfUser) ? fs.readFileSync(knownHostsOfUser, "utf8") : "");

    it("without a pin: trusts the first key, records it per repository under the work folder (not ~/.ssh), and refuses a changed key", async () => {
      const dir = path.join(root, "sshd-rotating");
      let server = await startSshd(dir, client.publicKey);
      try {
        const rotatingRepo = newRepo("rotating");
        const rotatingUrl = sshUrl(server.port, rotatingRepo);
        const work = workRoot("tofu");
        const target = createGitOpsTarget({ url: rotatingUrl, branch: "main", workRoot: work, credentials: { sshKey: client.privateKey } });
        await target.apply({ ...base, deploy_id: "t1", objects: [ns] });
        const trustFiles = fs.readdirSync(path.join(work, "ssh-known-hosts"));
        expect(trustFiles).toHaveLength(1);
        expect(fs.readFileSync(path.join(work, "ssh-known-hosts", trustFiles[0]), "utf8").trim()).toBe(server.knownHostsLine);
        expect(userKnownHosts()).not.toContain(server.hostKey.split(" ")[1]);

        // Same address, new host key: a man in the middle looks exactly like this.
        const firstHostKey = server.hostKey;
        await server.stop();
        for (const f of fs.readdirSync(dir).filter((f) => f.startsWith("ssh_host_"))) fs.rmSync(path.join(dir, f));
        server = await startSshd(dir, client.publicKey, { port: server.port });
        expect(server.hostKey).not.toBe(firstHostKey);
        const err = (await target.apply({ ...base, deploy_id: "t2", objects: [ns, svc] }).catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(GitOpsError);
        expect(err.message).toBe(
          `cannot reach the GitOps repository ${rotatingUrl}: the SSH host key of [127.0.0.1]:${server.port} changed since the first connection (refused: possible man-in-the-middle; if the key was rotated on purpose, pin the new one in credentials.known_hosts)`,
        );
        expect(execFileSync("git", ["--git-dir", rotatingRepo, "rev-list", "--count", "main"]).toString().trim()).toBe("1");

        // The documented way out: pin the new key.
        const pinnedTarget = createGitOpsTarget({ url: rotatingUrl, branch: "main", workRoot: work, credentials: { sshKey: client.privateKey, knownHosts: server.knownHostsLine } });
        expect((await pinnedTarget.apply({ ...base, deploy_id: "t3", objects: [ns, svc] })).unchanged).toBe(false);
      } finally {
        await server.stop();
      }
    }, 60_000);

    it("with credentials.known_hosts: the pinned key is the only one trusted and nothing is recorded", async () => {
      const work = workRoot("pinned");
      const other = generateKey(root, "other-host");
      const pins = `# pinned for the test\nexample.com ${other.publicKey}\n${sshd.knownHostsLine}\n`;
      const target = createGitOpsTarget({ url, branch: "main", workRoot: work, credentials: { sshKey: client.privateKey, knownHosts: pins } });
      expect((await target.apply({ ...base, env_id: "pinned", deploy_id: "p1", objects: [ns] })).unchanged).toBe(false);
      expect(fs.existsSync(path.join(work, "ssh-known-hosts"))).toBe(false);
      expect(fs.readdirSync(keyTmp)).toEqual([]);

      const wrongPin = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("wrong-pin"), credentials: { sshKey: client.privateKey, knownHosts: `[127.0.0.1]:${sshd.port} ${other.publicKey}` } });
      const mismatch = (await wrongPin.apply({ ...base, env_id: "pinned", deploy_id: "p2", objects: [ns, svc] }).catch((e: unknown) => e)) as Error;
      expect(mismatch).toBeInstanceOf(GitOpsError);
      expect(mismatch.message).toBe(`cannot reach the GitOps repository ${url}: the SSH host key of [127.0.0.1]:${sshd.port} does not match credentials.known_hosts (refused: possible man-in-the-middle, or the key was rotated)`);

      // A pin for other hosts only: the server is unknown, and unknown is refused (no first-use trust).
      const unlisted = createGitOpsTarget({ url, branch: "main", workRoot: workRoot("unlisted"), credentials: { sshKey: client.privateKey, knownHosts: `example.com ${other.publicKey}` } });
      const unknown = (await unlisted.apply({ ...base, env_id: "pinned", deploy_id: "p3", objects: [ns, svc] }).catch((e: unknown) => e)) as Error;
      expect(unknown.message).toBe(`cannot reach the GitOps repository ${url}: credentials.known_hosts has no entry for [127.0.0.1]:${sshd.port} (the host key is not trusted)`);
      expect(execFileSync("git", ["--git-dir", repo, "log", "--format=%s", "main"]).toString()).not.toMatch(/Deploy p[23]/);
    }, 60_000);
  });
});
