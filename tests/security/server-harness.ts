import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real Baton server (`next start` on a free port, throwaway data directory) for tests that
 * need HTTP as a browser sees it. Needs a current `next build`; the server holds
 * /tmp/baton-e2e.lock shared while it runs, so nobody rebuilds .next under it.
 */
export const repoRoot = path.resolve(__dirname, "../..");
const hasFlock = spawnSync("flock", ["--version"]).status === 0;
/** Whether a build is there, waiting (up to 15 min) for a build someone else is running to finish. */
export const hasBuild = hasFlock
  ? spawnSync("flock", ["-s", "-w", "900", "/tmp/baton-e2e.lock", "test", "-f", path.join(repoRoot, ".next", "BUILD_ID")]).status === 0
  : fs.existsSync(path.join(repoRoot, ".next", "BUILD_ID"));

export const ADMIN = { email: "admin@baton.local", password: "security-admin-password" };
export const ADMIN_TOKEN = "security-admin-token-0123456789abcdef";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(opts: { env?: Record<string, string>; dataDir?: string; publicUrl?: (port: number) => string } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "baton-sec-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    BATON_DATA_DIR: dataDir,
    BATON_ADMIN_EMAIL: ADMIN.email,
    BATON_ADMIN_PASSWORD: ADMIN.password,
    BATON_ADMIN_TOKEN: ADMIN_TOKEN,
    BATON_SEED_DEMO: "true",
    NEXTAUTH_URL: opts.publicUrl ? opts.publicUrl(port) : url,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "info",
    ...opts.env,
  };
  const next = [path.join(repoRoot, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)];
  const child: ChildProcess = hasFlock
    ? spawn("flock", ["-s", "/tmp/baton-e2e.lock", process.execPath, ...next], { cwd: repoRoot, env, detached: true })
    : spawn(process.execPath, next, { cwd: repoRoot, env, detached: true });
  let log = "";
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    port,
    dataDir,
    output: () => log,
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}

/** Cookies as a browser keeps them: name → value, updated from Set-Cookie headers. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  readonly raw: string[] = [];
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      this.raw.push(c);
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<{ jar: CookieJar; status: number; headers: Headers }> {
  const jar = new CookieJar();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: baseUrl }),
  });
  jar.take(res);
  return { jar, status: res.status, headers: res.headers };
}

export function sessionCookieOf(jar: CookieJar): string | undefined {
  return [...jar.cookies.keys()].find((k) => /next-auth\.session-token$/.test(k));
}
