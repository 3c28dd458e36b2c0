import type { ApiClient } from "./client";
import { usageError, CliError } from "./errors";
import type { DeploymentJson, EnvJson } from "./shapes";

/**
 * humctl's references (humanitec-model.md §5, §6): `.` is the current deployment (or
 * environment), `+N` the Nth deployment before the current one, anything else a deployment id.
 */
export async function resolveDeployment(client: ApiClient, appId: string, envId: string, ref: string): Promise<DeploymentJson> {
  const base = `${client.orgPath}/apps/${encodeURIComponent(appId)}/envs/${encodeURIComponent(envId)}`;
  const m = /^(?:\.|\+(\d+))$/.exec(ref);
  if (!m) return client.get<DeploymentJson>(`${base}/deploys/${encodeURIComponent(ref)}`);
  const back = m[1] === undefined ? 0 : Number(m[1]);
  const env = await client.get<EnvJson>(base);
  const current = env.last_deploy;
  if (!current) throw new CliError(`Environment "${envId}" of "${appId}" has no deployment yet`);
  if (back === 0) return current;
  // Deployments newest first; `+1` is the one before the current.
  const list = await client.list<DeploymentJson>(`${base}/deploys`);
  const index = list.findIndex((d) => d.id === current.id);
  const target = list[(index < 0 ? 0 : index) + back];
  if (!target) throw new CliError(`Environment "${envId}" has only ${list.length} deployment(s); "+${back}" does not exist`);
  return target;
}

/** `deploy/REF` (a deployment of the current environment) or `env/ENV` (its current state). */
export async function resolveSetRef(client: ApiClient, appId: string, envId: string | undefined, ref: string): Promise<{ setId: string; label: string }> {
  const [kind, ...rest] = ref.split("/");
  const value = rest.join("/");
  if (kind === "deploy" && value) {
    if (!envId) throw usageError(`"${ref}" needs an environment: pass --env or set BATON_ENV`);
    const d = await resolveDeployment(client, appId, envId, value);
    return { setId: d.set_id, label: `deployment ${d.id} (${envId})` };
  }
  if (kind === "env" && value) {
    const target = value === "." ? envId : value;
    if (!target) throw usageError(`"${ref}" needs an environment: pass --env or set BATON_ENV`);
    const env = await client.get<EnvJson>(`${client.orgPath}/apps/${encodeURIComponent(appId)}/envs/${encodeURIComponent(target)}`);
    const d = env.from_deploy ?? env.last_deploy;
    if (!d) throw new CliError(`Environment "${target}" has no deployment yet, so it has no set to compare`);
    return { setId: d.set_id, label: `environment ${target}` };
  }
  if (kind === "set" && value) return { setId: value, label: `set ${value}` };
  throw usageError(`"${ref}" is not a set reference: use deploy/.|deploy/+N|deploy/ID, env/ENV or set/ID`);
}
