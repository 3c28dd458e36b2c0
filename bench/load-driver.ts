/**
 * A load driver against a running Baton: `browsers` users who read pages (signed-in
 * sessions) and the REST API, and `deployers` users who each deploy their own application
 * through the API and wait for the result, over and over, for `durationS` seconds. Records
 * every request's latency per route and every error (non-2xx answer, network error, failed
 * deployment). Used by `npm run bench -- load` and, shorter, by tests/reliability/load.test.ts.
 */
import { signIn } from "../tests/security/server-harness";

export interface LoadOptions {
  url: string;
  /** Bearer token with read access to everything and deploy rights (the administrator's). */
  token: string;
  /** Accounts to browse as (email/password), each able to see every application; users are spread over them. */
  accounts: { email: string; password: string }[];
  browsers: number;
  deployers: number;
  durationS: number;
  orgId?: string;
}

export interface RouteFigures {
  route: string;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  requests: number;
  errors: string[];
  deployments: { succeeded: number; failed: number };
  routes: RouteFigures[];
}

const SCORE = (app: string) => `apiVersion: score.dev/v1b1
metadata:
  name: ${app}-web
containers:
  main:
    image: .
    variables:
      GREETING: hello
service:
  ports:
    www:
      port: 80
      targetPort: 8080
`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const org = opts.orgId ?? "default";
  const samples = new Map<string, number[]>();
  const errorCounts = new Map<string, number>();
  const errors: string[] = [];
  const deployments = { succeeded: 0, failed: 0 };
  let requests = 0;

  async function timed(route: string, url: string, init: RequestInit = {}): Promise<Response | undefined> {
    const t = performance.now();
    requests++;
    try {
      const res = await fetch(url, { redirect: "manual", ...init });
      const body = await res.text();
      (samples.get(route) ?? samples.set(route, []).get(route)!).push(performance.now() - t);
      if (res.status >= 400 || res.status === 0) {
        errorCounts.set(route, (errorCounts.get(route) ?? 0) + 1);
        if (errors.length < 50) errors.push(`${route}: ${res.status} ${body.slice(0, 200)}`);
      }
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (err) {
      errorCounts.set(route, (errorCounts.get(route) ?? 0) + 1);
      if (errors.length < 50) errors.push(`${route}: ${(err as Error).message}`);
      return undefined;
    }
  }

  const auth = { authorization: `Bearer ${opts.token}` };
  const api = (route: string, path: string, init: RequestInit = {}) => timed(route, `${opts.url}/api/v1${path}`, { ...init, headers: { ...auth, ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers as Record<string, string> | undefined) } });

  // One application per deploying user, so their deployments never queue behind each other.
  for (let i = 0; i < opts.deployers; i++) {
    const res = await api("setup", `/orgs/${org}/apps`, { method: "POST", body: JSON.stringify({ id: `load-${i}` }) });
    if (!res || (res.status !== 201 && res.status !== 409)) throw new Error(`creating load-${i} answered ${res?.status}`);
  }
  const sessions = await Promise.all(opts.accounts.map(async (a) => (await signIn(opts.url, a.email, a.password)).jar.header()));
  const apps = ((await (await api("setup", `/orgs/${org}/apps`))?.json()) as { id: string }[]).map((a) => a.id);

  const pages = (app: string) => [
    ["page /", "/"],
    ["page /apps", "/apps"],
    ["page /apps/[appId]", `/apps/${app}`],
    ["page /apps/[appId]/envs/[envId]", `/apps/${app}/envs/development`],
    ["page /apps/[appId]/values", `/apps/${app}/values`],
    ["page /resources/definitions", "/resources/definitions"],
  ];
  const reads = (app: string) => [
    ["GET /orgs/{orgId}/apps", `/orgs/${org}/apps`],
    ["GET /orgs/{orgId}/apps/{appId}/envs", `/orgs/${org}/apps/${app}/envs`],
    ["GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys", `/orgs/${org}/apps/${app}/envs/development/deploys`],
    ["GET /orgs/{orgId}/resources/defs", `/orgs/${org}/resources/defs`],
  ];

  const until = Date.now() + opts.durationS * 1000;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

  async function browser(i: number) {
    const cookie = sessions[i % sessions.length];
    while (Date.now() < until) {
      const app = pick(apps);
      if (Math.random() < 0.5) {
        const [route, path] = pick(pages(app));
        await timed(route, `${opts.url}${path}`, { headers: { cookie } });
      } else {
        const [route, path] = pick(reads(app));
        await api(route, path);
      }
      // A person reads what they opened before the next click.
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
    }
  }

  async function deployer(i: number) {
    const app = `load-${i}`;
    let n = 0;
    while (Date.now() < until) {
      const res = await api("POST /orgs/{orgId}/apps/{appId}/envs/{envId}/score-deploys", `/orgs/${org}/apps/${app}/envs/development/score-deploys`, {
        method: "POST",
        body: JSON.stringify({ workloads: [{ score_yaml: SCORE(app) }], image: `registry.example.com/${app}:${++n}` }),
      });
      if (!res || res.status !== 201) continue;
      const id = ((await res.json()) as { id: string }).id;
      for (;;) {
        const poll = await api("GET …/deploys/{deployId}", `/orgs/${org}/apps/${app}/envs/development/deploys/${id}`);
        const status = poll && poll.status === 200 ? ((await poll.json()) as { status: string }).status : "unknown";
        if (status === "succeeded" || status === "failed") {
          deployments[status]++;
          if (status === "failed" && errors.length < 50) {
            const why = await api("GET …/deploys/{deployId}/errors", `/orgs/${org}/apps/${app}/envs/development/deploys/${id}/errors`);
            errors.push(`deployment ${app}/${id} failed: ${why ? (await why.text()).slice(0, 400) : "(errors unavailable)"}`);
          }
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  await Promise.all([...Array.from({ length: opts.browsers }, (_, i) => browser(i)), ...Array.from({ length: opts.deployers }, (_, i) => deployer(i))]);

  const routes = [...samples]
    .filter(([route]) => route !== "setup")
    .map(([route, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { route, count: xs.length, errors: errorCounts.get(route) ?? 0, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
  return { requests, errors, deployments, routes };
}

export function formatLoad(result: LoadResult): string {
  const lines = [`${result.requests} requests, ${result.errors.length} errors, deployments: ${result.deployments.succeeded} succeeded, ${result.deployments.failed} failed`];
  lines.push("route".padEnd(58) + "count".padStart(7) + "errors".padStart(8) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "max ms".padStart(9));
  for (const r of result.routes) lines.push(r.route.padEnd(58) + String(r.count).padStart(7) + String(r.errors).padStart(8) + r.p50.toFixed(0).padStart(9) + r.p99.toFixed(0).padStart(9) + r.max.toFixed(0).padStart(9));
  return lines.join("\n");
}
