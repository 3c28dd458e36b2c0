/**
 * A real OpenSSH server for the GitOps ssh tests: `/usr/sbin/sshd -D -e` as a child process
 * on 127.0.0.1, with its own config, host key and authorized_keys in a temp folder. No systemd,
 * no global sshd, nothing outside the folder except /run/sshd (privilege separation).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const SSHD = "/usr/sbin/sshd";

export interface KeyPair {
  privateKey: string;
  /** `ssh-ed25519 AAAA…` without the comment. */
  publicKey: string;
}

export function generateKey(dir: string, name: string): KeyPair {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
  return { privateKey: fs.readFileSync(file, "utf8"), publicKey: fs.readFileSync(`${file}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ") };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningSshd {
  port: number;
  /** The server's host public key, `ssh-ed25519 AAAA…`. */
  hostKey: string;
  /** The known_hosts line that pins this server. */
  knownHostsLine: string;
  /** Everything sshd logged (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts sshd accepting `clientKey` for the current user. Every session runs `forcedCommand`
 * (which receives the client's command in SSH_ORIGINAL_COMMAND) when given. The host key is
 * generated once per folder; `port` reuses a port (a restarted server).
 */
export async function startSshd(dir: string, clientKey: string, opts: { forcedCommand?: string; port?: number } = {}): Promise<RunningSshd> {
  const { forcedCommand } = opts;
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const hostKeyFile = path.join(dir, "ssh_host_ed25519_key");
  if (!fs.existsSync(hostKeyFile)) execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "host", "-f", hostKeyFile]);
  const hostKey = fs.readFileSync(`${hostKeyFile}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
  const authorizedKeys = path.join(dir, "authorized_keys");
  fs.writeFileSync(authorizedKeys, `${forcedCommand ? `command="'${forcedCommand}'",no-port-forwarding,no-pty ` : ""}${clientKey}\n`, { mode: 0o600 });
  const config = path.join(dir, "sshd_config");
  fs.writeFileSync(
    config,
    [
      "ListenAddress 127.0.0.1",
      `HostKey "${hostKeyFile}"`,
      `AuthorizedKeysFile "${authorizedKeys}"`,
      "AuthenticationMethods publickey",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "PidFile none",
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
  );
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config, "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${output}`)), 10_000);
    child.stderr!.on("data", () => {
      if (output.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    port,
    hostKey,
    knownHostsLine: `[127.0.0.1]:${port} ${hostKey}`,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export const userName = () => os.userInfo().username;
