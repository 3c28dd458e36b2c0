import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface GitCredentials {
  /** HTTPS: the password or token, sent as Basic auth in a header (never in the URL or git config). */
  password?: string;
  username?: string;
  /** SSH: a private key, written to a 0600 temp file for the duration of one command. */
  sshKey?: string;
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
export async function git(cwd: string, args: string[], credentials: GitCredentials = {}): Promise<string> {
  const pre: string[] = ["-c", "protocol.file.allow=always"];
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  let keyFile: string | undefined;
  if (credentials.password) {
    const basic = Buffer.from(`${credentials.username ?? "git"}:${credentials.password}`).toString("base64");
    pre.push("-c", `http.extraHeader=Authorization: Basic ${basic}`);
  }
  if (credentials.sshKey) {
    keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "baton-ssh-")), "key");
    fs.writeFileSync(keyFile, credentials.sshKey.endsWith("\n") ? credentials.sshKey : `${credentials.sshKey}\n`, { mode: 0o600 });
    env.GIT_SSH_COMMAND = `ssh -i ${keyFile} -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o BatchMode=yes`;
  }
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
    if (keyFile) fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  }
}
