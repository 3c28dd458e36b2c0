import { contentHash } from "@/lib/engine/delta/canonical";
import type { DeploymentSet, JsonPatchOp } from "@/lib/engine/delta/types";
import type { PlanError } from "@/lib/engine/graph/errors";
import { selectNodes } from "@/lib/engine/graph/selectors";
import type { ResourceGraph, ResourceNode } from "@/lib/engine/graph/types";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { createResolver, type ResourceOutputs, type SharedValue } from "@/lib/engine/placeholders/resolver";
import { substituteDeep, type PlaceholderIssue } from "@/lib/engine/placeholders/substitute";
import type { TargetDescription } from "@/lib/engine/targets/types";
import type { ActiveResource } from "./active-resource";
import type { DriverRegistry } from "./registry";
import { isPlainObject, type DriverManifest, type DriverOutput, type JsonObject } from "./types";

export interface ProvisionContext {
  org_id: string;
  app_id: string;
  env_id: string;
  env_type: string;
  deploy_id: string;
  set_id?: string;
}

/** Resolves a `secret_refs` leaf that points at a secret store (`{store, ref, version}`). */
export type SecretRefResolver = (ref: { store: string; ref: string; version?: string }) => unknown;

export interface ProvisionInput {
  set: DeploymentSet;
  graph: ResourceGraph;
  context: ProvisionContext;
  values: Record<string, SharedValue>;
  drivers: DriverRegistry;
  previous?: readonly ActiveResource[];
  resolveSecretRef?: SecretRefResolver;
}

export type ProvisionStatus = "provisioned" | "reused" | "failed" | "skipped" | "unmatched";

export interface ProvisionedResource {
  node: ResourceNode;
  status: ProvisionStatus;
  outputs: { values: JsonObject; secrets: JsonObject };
  manifests: DriverManifest[];
  cookie?: unknown;
  workloadUpdate?: JsonPatchOp[];
  target?: TargetDescription;
  /** The active resource to keep for the next deployment (absent unless provisioned or reused). */
  active?: ActiveResource;
}

export interface ProvisionResult {
  resources: Map<string, ProvisionedResource>;
  errors: PlanError[];
  warnings: string[];
}

/** A node that could not be provisioned: its errors, and its status (a module function: no closure per node). */
function failNode(errors: PlanError[], resources: Map<string, ProvisionedResource>, key: string, base: ProvisionedResource, list: PlanError[]): void {
  errors.push(...list);
  resources.set(key, { ...base, status: "failed" });
}

const isThenable = (value: unknown): value is PromiseLike<DriverOutput> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

/** A version id for a definition: its own when it has one, else a hash of what drives provisioning. */
export function definitionVersion(def: ResourceDefinition): string {
  return def.version_id ?? contentHash({ driver_type: def.driver_type, driver_account: def.driver_account ?? null, driver_inputs: def.driver_inputs ?? {}, provision: def.provision ?? {} });
}

function placeholderErrors(node: ResourceNode, where: string, issues: PlaceholderIssue[]): PlanError[] {
  return issues.map((issue) => ({
    code: issue.dependency ? ("dependency-failed" as const) : ("placeholder" as const),
    scope: "resource" as const,
    object_id: node.key,
    message: `${issue.placeholder} in ${where}${issue.location ? `.${issue.location}` : ""}: ${issue.message}`,
  }));
}

/** `secret_refs` leaves are `{value}` (inline) or `{store, ref, version}` (a secret store). */
function resolveSecretRefs(tree: unknown, path: string, resolver: SecretRefResolver | undefined, errors: string[]): unknown {
  if (!isPlainObject(tree)) return tree;
  if ("value" in tree && Object.keys(tree).every((k) => k === "value")) return tree.value;
  if (typeof tree.store === "string" && typeof tree.ref === "string") {
    if (!resolver) {
      errors.push(`${path}: secret store "${tree.store}" is not available here (ref "${tree.ref}")`);
      return null;
    }
    try {
      return resolver({ store: tree.store, ref: tree.ref, ...(typeof tree.version === "string" ? { version: tree.version } : {}) });
    } catch (err) {
      errors.push(`${path}: ${(err as Error).message}`);
      return null;
    }
  }
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, resolveSecretRefs(v, `${path}.${k}`, resolver, errors)]));
}

/**
 * The inputs the orchestrator itself gives an `ingress`: the host of the dns resource it shares
 * its res_id with, and the routes that depend on that dns (path, service, port).
 */
function ingressInputs(node: ResourceNode, graph: ResourceGraph, outputs: Map<string, ResourceOutputs>, routeParams: Map<string, JsonObject>): JsonObject {
  const dns = [...graph.nodes.values()].find((n) => n.type === "dns" && n.res_id === node.res_id && n.class === node.class)
    ?? [...graph.nodes.values()].find((n) => n.type === "dns" && n.res_id === node.res_id);
  if (!dns) return {};
  const host = outputs.get(dns.key)?.values.host;
  const routes = selectNodes(graph, node, { kind: "dependents", from: "dns", type: "route" }).map((route) => {
    const params = routeParams.get(route.key) ?? {};
    const values = outputs.get(route.key)?.values ?? {};
    return {
      path: String(values.path ?? params.path ?? "/"),
      service: String(values.service ?? params.service ?? route.workload ?? ""),
      port: (values.port ?? params.port ?? 80) as number | string,
    };
  });
  return { ...(host !== undefined ? { host } : {}), routes };
}

/**
 * Provisions the graph in topological order (humanitec-model.md §3–§4): resolve placeholders
 * in the definition's inputs and the node's params from outputs already known, then either
 * reuse the previous active resource (same definition version and inputs) or call the driver.
 * A failed node makes its dependents `skipped`; errors never throw.
 */
export async function provisionGraph(input: ProvisionInput): Promise<ProvisionResult> {
  const { graph, set } = input;
  const resources = new Map<string, ProvisionedResource>();
  const outputs = new Map<string, ResourceOutputs>();
  const routeParams = new Map<string, JsonObject>();
  const errors: PlanError[] = [];
  const warnings: string[] = [];
  const previous = new Map((input.previous ?? []).map((a) => [`${a.type}.${a.class}#${a.res_id}`, a]));
  const state = { set, graph, outputs, values: input.values, context: input.context, warn: (m: string) => warnings.push(m) };
  // many nodes share a definition; its version hashes all its templates
  const versions = new Map<ResourceDefinition, string>();
  const versionOf = (def: ResourceDefinition) => {
    let version = versions.get(def);
    if (version === undefined) versions.set(def, (version = definitionVersion(def)));
    return version;
  };

  for (const key of graph.order) {
    const node = graph.nodes.get(key)!;
    const failedDeps = [...node.dependsOn].filter((dep) => {
      const status = resources.get(dep)?.status;
      return status === "failed" || status === "skipped";
    });
    const base: ProvisionedResource = { node, status: "provisioned", outputs: { values: {}, secrets: {} }, manifests: [] };
    if (failedDeps.length > 0) {
      resources.set(key, { ...base, status: "skipped" });
      errors.push({ code: "dependency-failed", scope: "resource", object_id: key, message: `not provisioned because ${failedDeps.join(", ")} failed` });
      continue;
    }
    const def = node.definition;
    if (!def) {
      // unmatched optional implicit resources (workload, base-env) are simply not provisioned
      resources.set(key, { ...base, status: node.unmatched ? "unmatched" : "failed" });
      continue;
    }
    const resolve = createResolver(state, { node });
    const driverInputs = def.driver_inputs ?? {};
    const valuesResult = substituteDeep(driverInputs.values ?? {}, resolve, "values");
    const secretsResult = substituteDeep(driverInputs.secrets ?? {}, resolve, "secrets");
    const refErrors: string[] = [];
    const secretRefs = driverInputs.secret_refs ? substituteDeep(resolveSecretRefs(driverInputs.secret_refs, "secret_refs", input.resolveSecretRef, refErrors) as JsonObject, resolve, "secret_refs") : undefined;
    const accountResult = def.driver_account ? substituteDeep(def.driver_account, resolve, "driver_account") : undefined;
    // a workload's resource inputs are its module; placeholders in it are resolved at render time
    const paramsResult = node.type === "workload" ? { value: node.params, issues: [] as PlaceholderIssue[], secret: false } : substituteDeep(node.params, createResolver(state, { node, workload: node.workload }), "params");
    const issues = [
      ...placeholderErrors(node, `driver_inputs of definition "${def.id}"`, [...valuesResult.issues, ...secretsResult.issues, ...(secretRefs?.issues ?? [])]),
      ...placeholderErrors(node, `driver_account of definition "${def.id}"`, accountResult?.issues ?? []),
      ...placeholderErrors(node, "resource params", paramsResult.issues),
      ...refErrors.map((message) => ({ code: "placeholder" as const, scope: "resource" as const, object_id: key, message })),
    ];
    if (issues.length > 0) {
      failNode(errors, resources, key, base, issues);
      continue;
    }
    let resource = paramsResult.value as JsonObject;
    if (node.type === "route") routeParams.set(key, resource);
    if (node.type === "ingress" && Object.keys(resource).length === 0) resource = ingressInputs(node, graph, outputs, routeParams);

    const driverValues = valuesResult.value as JsonObject;
    const driverSecrets = { ...(secretsResult.value as JsonObject), ...((secretRefs?.value as JsonObject | undefined) ?? {}) };
    const account = accountResult?.value;
    const defVersion = versionOf(def);
    const inputsHash = contentHash({ driver_type: def.driver_type, values: driverValues, secrets: driverSecrets, resource, account: account ?? null });
    const prior = previous.get(key);

    let result: ProvisionedResource;
    if (prior && prior.def_id === def.id && prior.def_version_id === defVersion && prior.inputs_hash === inputsHash) {
      result = {
        node,
        status: "reused",
        outputs: { values: prior.outputs.values, secrets: prior.outputs.secrets },
        manifests: prior.manifests,
        cookie: prior.cookie,
        ...(prior.workload_update ? { workloadUpdate: prior.workload_update } : {}),
        ...(prior.target ? { target: prior.target } : {}),
      };
    } else {
      const driver = input.drivers.get(def.driver_type);
      if (!driver) {
        failNode(errors, resources, key, base, [{ code: "driver-unavailable", scope: "resource", object_id: key, message: `driver "${def.driver_type}" (definition "${def.id}") is not available in this installation` }]);
        continue;
      }
      try {
        const pending = driver.provision({
          context: { ...input.context, type: node.type, class: node.class, res_id: node.res_id, guresid: node.guresid },
          driver: { values: driverValues, secrets: driverSecrets },
          resource,
          // the cookie of the previous provisioning comes back even when inputs changed
          cookie: prior && prior.def_id === def.id ? (prior.cookie ?? null) : null,
          ...(account !== undefined ? { account } : {}),
        });
        // most drivers answer synchronously: no await (and its microtask) for them
        const out = isThenable(pending) ? await pending : pending;
        result = {
          node,
          status: "provisioned",
          outputs: { values: out.values ?? {}, secrets: out.secrets ?? {} },
          manifests: out.manifests ?? [],
          ...(out.cookie !== undefined ? { cookie: out.cookie } : {}),
          ...(out.workloadUpdate ? { workloadUpdate: out.workloadUpdate } : {}),
          ...(out.target ? { target: out.target } : {}),
        };
      } catch (err) {
        failNode(errors, resources, key, base, [{ code: "driver", scope: "resource", object_id: key, message: `driver "${def.driver_type}" (definition "${def.id}") failed: ${(err as Error).message}` }]);
        continue;
      }
    }
    result.active = {
      type: node.type,
      class: node.class,
      res_id: node.res_id,
      guresid: node.guresid,
      def_id: def.id,
      def_version_id: defVersion,
      driver_type: def.driver_type,
      inputs_hash: inputsHash,
      outputs: result.outputs,
      ...(result.cookie !== undefined ? { cookie: result.cookie } : {}),
      manifests: result.manifests,
      ...(result.workloadUpdate ? { workload_update: result.workloadUpdate } : {}),
      ...(result.target ? { target: result.target } : {}),
      ...(account !== undefined ? { account } : {}),
    };
    resources.set(key, result);
    outputs.set(key, { values: result.outputs.values, secrets: result.outputs.secrets, guresid: node.guresid, ...(account !== undefined ? { account } : {}) });
  }
  return { resources, errors, warnings };
}
