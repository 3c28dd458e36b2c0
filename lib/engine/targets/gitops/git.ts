import { execFile } from "node:child_process";
import { sshCommand, type SshAccess } from "./ssh";

export interface GitCredentials extends SshAccess {
  /** HTTPS: the password or token, sent as Basic auth in a header (never in the URL or git config). */
  password?: string;
  username?: string;
}

export interface GitOptions {
  /** SSH without pinned host keys: where the host key seen first is recorded and then checked. */
  sshTrustFile?: string;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs git with credentials wired in through `-c http.extraHeader` or `GIT_SSH_COMMAND`. */
export async function git(cwd: string, args: string[], credentials: GitCredentials = {}, options: GitOptions = {}): Promise<string> {
  const pre: string[] = ["-c", "protocol.file.allow=always"];
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  if (credentials.password) {
    const basic = Buffer.from(`${credentials.username ?? "git"}:${credentials.password}`).toString("base64");
    pre.push("-c", `http.extraHeader=Authorization: Basic ${basic}`);
  }
  const ssh = sshCommand(credentials, options.sshTrustFile);
  if (ssh) env.GIT_SSH_COMMAND = ssh.command;
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile("git", [...pre, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
        if (err) {
          // Never echo a header that carries a credential.
          const cleaned = String(stderr).replace(/Authorization: Basic \S+/g, "Authorization: Basic ***").trim();
          reject(new GitError(`git ${args[0]} failed: ${cleaned.split("\n").slice(-3).join(" ") || err.message}`, cleaned));
        } else resolve(String(stdout));
      });
    });
  } finally {
    ssh?.dispose();
  }
}
