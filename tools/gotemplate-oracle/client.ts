/**
 * Talks to the Go text/template + Sprig oracle (main.go) over JSON lines, for Baton's
 * differential tests and benchmark. Builds the binary on demand with build.sh.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeUtf8Lenient } from "../../lib/engine/gotemplate/utf8";

export interface OracleRequest {
  name: string;
  template: string;
  /** Data text, decoded by Go per `format`. */
  data?: string;
  format?: "json" | "yaml" | "none";
  seed?: number;
  funcs?: "sprig" | "score-k8s";
  /** When > 0, also time this many parse+execute rounds. */
  bench?: number;
  /** Unix milliseconds that Sprig's now returns (default: the real clock). */
  nowMillis?: number;
}

export interface OracleResponse {
  ok: boolean;
  /** Output bytes decoded as UTF-8, each invalid byte as U+FFFD (how Baton's strings hold them). */
  output: string;
  outputBytes: Buffer;
  error: string;
  nanosPerRender?: number;
  nanosPerExecute?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Whether a Go toolchain is on PATH. */
export function goAvailable(): boolean {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Builds the oracle (cached) and returns the binary path; throws with Go's output on failure. */
export function buildOracle(): string {
  return execFileSync(path.join(here, "build.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export class Oracle {
  private proc: ChildProcessWithoutNullStreams;
  private buffer = "";
  private waiting: Array<(line: string) => void> = [];
  private lines: string[] = [];

  private constructor(bin: string) {
    // An empty environment, as Baton's templates see (env and expandenv read nothing), with
    // the Local zone pinned to UTC as Baton pins it.
    this.proc = spawn(bin, [], { stdio: ["pipe", "pipe", "pipe"], env: { TZ: "UTC" } as unknown as NodeJS.ProcessEnv });
    this.proc.stdout.setEncoding("utf8");
    this.proc.stdout.on("data", (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const w = this.waiting.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
  }

  static start(bin = buildOracle()): Oracle {
    return new Oracle(bin);
  }

  private nextLine(): Promise<string> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Renders many requests in one round trip; responses come back in order. */
  async renderMany(requests: OracleRequest[]): Promise<OracleResponse[]> {
    const payload = requests.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const pending = requests.map(() => this.nextLine());
    this.proc.stdin.write(payload);
    const lines = await Promise.all(pending);
    return lines.map((line) => {
      const raw = JSON.parse(line) as { ok: boolean; output: string; error: string; nanosPerRender?: number; nanosPerExecute?: number };
      const bytes = Buffer.from(raw.output, "base64");
      return { ok: raw.ok, output: decodeUtf8Lenient(bytes), outputBytes: bytes, error: raw.error, nanosPerRender: raw.nanosPerRender, nanosPerExecute: raw.nanosPerExecute };
    });
  }

  async render(request: OracleRequest): Promise<OracleResponse> {
    return (await this.renderMany([request]))[0];
  }

  close(): void {
    this.proc.stdin.end();
  }
}
