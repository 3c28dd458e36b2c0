import type { ApiClient } from "./client";
import type { DeploymentErrorJson, DeploymentJson } from "./shapes";

const DONE = new Set(["succeeded", "failed"]);

export interface WaitOptions {
  intervalMs?: number;
  timeoutMs?: number;
  out?: NodeJS.WritableStream;
}

/**
 * Polls a deployment until it ends, printing each status change (stderr, so stdout stays the
 * command's output). Resolves to the final deployment and its errors.
 */
export async function waitForDeployment(client: ApiClient, appId: string, envId: string, id: string, opts: WaitOptions = {}): Promise<{ deployment: DeploymentJson; errors: DeploymentErrorJson[] }> {
  const out = opts.out ?? process.stderr;
  const interval = opts.intervalMs ?? 1000;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  const path = `${client.orgPath}/apps/${encodeURIComponent(appId)}/envs/${encodeURIComponent(envId)}/deploys/${encodeURIComponent(id)}`;
  let last = "";
  for (;;) {
    const d = await client.get<DeploymentJson>(path);
    if (d.status !== last) {
      out.write(`deployment ${d.id} ${d.status}\n`);
      last = d.status;
    }
    if (DONE.has(d.status)) {
      const errors = d.status === "failed" ? await client.get<DeploymentErrorJson[]>(`${path}/errors`) : [];
      for (const e of errors) out.write(`  ${e.code} ${e.scope}${e.object_id ? ` ${e.object_id}` : ""}: ${e.message}\n`);
      return { deployment: d, errors };
    }
    if (Date.now() > deadline) {
      out.write(`gave up waiting for deployment ${d.id} (still ${d.status})\n`);
      return { deployment: d, errors: [] };
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
