import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SshAccess {
  /** A private key (OpenSSH or PEM), as pasted into the definition's `credentials.ssh_key`. */
  sshKey?: string;
  /**
   * Pinned host keys in known_hosts format (`credentials.known_hosts`, e.g. the output of
   * `ssh-keyscan`). When given, only these keys are trusted.
   */
  knownHosts?: string;
}

export interface SshCommand {
  /** Value for GIT_SSH_COMMAND (git runs it through the shell). */
  command: string;
  /** Removes the key and pin files; call once the git command has finished. */
  dispose(): void;
}

/** Single-quotes for /bin/sh: data directories and TMPDIR may contain spaces. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A file option: ssh splits list values such as UserKnownHostsFile on spaces unless double-quoted. */
const fileOption = (name: string, file: string) => `-o ${shellQuote(`${name}="${file}"`)}`;

/** Browsers submit textareas with CRLF; OpenSSH rejects such a key ("error in libcrypto"). */
const normaliseLines = (s: string) => {
  const lf = s.replace(/\r\n?/g, "\n");
  return lf.endsWith("\n") ? lf : `${lf}\n`;
};

/**
 * The ssh command git uses for ssh remotes. Never prompts (BatchMode). Host keys:
 * - pinned (`knownHosts` given): only those entries count (StrictHostKeyChecking=yes, no
 *   global file), so an unknown or changed host key fails the command;
 * - otherwise trust on first use, recorded in `trustFile` (one per repository, kept in the
 *   data directory rather than the server user's ~/.ssh): a later change fails the command.
 * The key and the pins live in a 0700 temp folder for one git command.
 */
export function sshCommand(access: SshAccess, trustFile: string | undefined): SshCommand | null {
  if (!access.sshKey && !access.knownHosts && !trustFile) return null;
  const options = ["-o BatchMode=yes"];
  let tempDir: string | undefined;
  const tempFile = (name: string, content: string) => {
    tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "baton-ssh-"));
    const file = path.join(tempDir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  if (access.sshKey) options.push(`-i ${shellQuote(tempFile("key", normaliseLines(access.sshKey)))}`, "-o IdentitiesOnly=yes");
  if (access.knownHosts) {
    const pins = tempFile("known_hosts", normaliseLines(access.knownHosts));
    options.push("-o StrictHostKeyChecking=yes", fileOption("UserKnownHostsFile", pins), "-o GlobalKnownHostsFile=/dev/null", "-o UpdateHostKeys=no");
  } else if (trustFile) {
    fs.mkdirSync(path.dirname(trustFile), { recursive: true, mode: 0o700 });
    // Unhashed, so an operator can read which host was trusted and copy the line into a pin.
    options.push("-o StrictHostKeyChecking=accept-new", fileOption("UserKnownHostsFile", trustFile), "-o HashKnownHosts=no");
  }
  return {
    command: `ssh ${options.join(" ")}`,
    dispose() {
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * What went wrong on the ssh side of a failed git command, in the definition's terms, or
 * undefined when stderr shows no ssh failure. git's own "fatal: Could not read from remote
 * repository" says nothing useful on its own.
 */
export function sshFailure(stderr: string, pinned: boolean): string | undefined {
  const lines = stderr.split("\n").map((l) => l.trim());
  const line = (re: RegExp) => lines.find((l) => re.test(l));
  const changed = line(/^Host key for \S+ has changed/)?.match(/^Host key for (\S+)/)?.[1];
  if (changed) {
    return pinned
      ? `the SSH host key of ${changed} does not match credentials.known_hosts (refused: possible man-in-the-middle, or the key was rotated)`
      : `the SSH host key of ${changed} changed since the first connection (refused: possible man-in-the-middle; if the key was rotated on purpose, pin the new one in credentials.known_hosts)`;
  }
  const unknown = line(/^No \S+ host key is known for \S+/)?.match(/known for (\S+)/)?.[1];
  if (unknown) return `credentials.known_hosts has no entry for ${unknown} (the host key is not trusted)`;
  if (line(/^Host key verification failed/)) return "the SSH host key could not be verified";
  // ssh goes on without an unreadable key and is then refused: the key is the cause.
  const badKey = line(/^Load key .*: (.+)$/)?.match(/: ([^:]+)$/)?.[1];
  if (badKey) return `credentials.ssh_key is not a usable private key (${badKey})`;
  const denied = line(/Permission denied \(/);
  if (denied) return `the server refused the SSH key (${denied})`;
  return line(/^ssh: /)?.replace(/^ssh: /, "");
}
