/**
 * The whole engine pipeline as one call (DESIGN.md §3): Score or a delta → deployment set →
 * resource graph → provisioning through the injected drivers → Kubernetes objects, validated.
 * User errors are returned in `errors`, never thrown; nothing happens outside the drivers.
 */
import { matchDefinition } from "@/lib/engine/matching";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import type { ScoreWorkload } from "@/lib/engine/score/types";
import { applyDelta, setId } from "./delta/apply";
import { scoreToDelta, type ScoreConversionOptions } from "./delta/from-score";
import { emptySet, type DeploymentDelta, type DeploymentSet, type Module } from "./delta/types";
import type { ActiveResource } from "./drivers/active-resource";
import { provisionGraph, type ProvisionStatus, type SecretRefResolver } from "./drivers/provision";
import { createDriverRegistry, type DriverRegistry } from "./drivers/registry";
import type { TemplateEngine } from "./drivers/template-engine";
import { createGoTemplateEngine } from "./drivers/go-template-engine";
import { buildGraph, type Matcher } from "./graph/build";
import type { PlanError } from "./graph/errors";
import type { NodeOrigin } from "./graph/types";
import type { SharedValue } from "./placeholders/resolver";
import { renderObjects } from "./render/render";
import { validateObjects } from "./render/validate";
import type { TargetDescription } from "./targets/types";

export interface PlanContext {
  org_id: string;
  app_id: string;
  env_id: string;
  env_type: string;
  /** Id of the deployment being planned (`${context.deploy.id}`); a placeholder id when only planning. */
  deploy_id?: string;
}

export interface PlanWorkload {
  score: ScoreWorkload;
  /** Per-workload conversion options (`--image`, file sources, file name for messages). */
  options?: ScoreConversionOptions;
}

export interface PlanInput {
  context: PlanContext;
  /** Score workloads to add to the base set (one delta, like `humctl score deploy`). */
  workloads?: readonly PlanWorkload[];
  /** Or: an explicit delta (applied after the Score workloads, when both are given). */
  delta?: DeploymentDelta;
  /** The environment's current set; empty when absent. */
  baseSet?: DeploymentSet;
  definitions: readonly ResourceDefinition[];
  /** Shared values and secrets, env overrides already applied. */
  values?: Record<string, SharedValue>;
  /** Active resources of the previous deployment (reuse, cookies). */
  previous?: readonly ActiveResource[];
  drivers?: DriverRegistry;
  templateEngine?: TemplateEngine;
  match?: Matcher;
  resolveSecretRef?: SecretRefResolver;
  /** Implicit types that may stay unmatched (default: workload, base-env). */
  optionalImplicitTypes?: readonly string[];
}

export interface PlanNode {
  key: string;
  res_id: string;
  type: string;
  class: string;
  guresid: string;
  def_id: string | null;
  driver_type: string | null;
  /** The matching criterion that chose the definition (null for fallbacks and unmatched nodes). */
  criterion: MatchingCriterion | null;
  /** `TYPE.CLASS#RES_ID` of each dependency. */
  depends_on: string[];
  /** Why the node is in the graph: a workload, what one declares, an implicit resource, … */
  origin: NodeOrigin;
  status: ProvisionStatus | "not-provisioned";
  outputs: { values: Record<string, unknown>; secrets: Record<string, unknown> };
}

export interface Plan {
  set: DeploymentSet;
  set_id: string;
  /** The delta that was applied to the base set. */
  delta: DeploymentDelta;
  /** The modules as rendered (after workload resources patched them). */
  modules: Record<string, Module>;
  graph: { nodes: PlanNode[]; order: string[] };
  namespace: string | null;
  target: TargetDescription | null;
  objects: Record<string, unknown>[];
  /** Active resources to keep for the next deployment. */
  resources: ActiveResource[];
  errors: PlanError[];
  warnings: string[];
}

function mergeDeltas(first: DeploymentDelta, second: DeploymentDelta | undefined): DeploymentDelta {
  if (!second) return first;
  return {
    modules: {
      add: { ...(first.modules?.add ?? {}), ...(second.modules?.add ?? {}) },
      remove: [...(first.modules?.remove ?? []), ...(second.modules?.remove ?? [])],
      update: { ...(first.modules?.update ?? {}), ...(second.modules?.update ?? {}) },
    },
    shared: [...(first.shared ?? []), ...(second.shared ?? [])],
  };
}

let sharedEngine: TemplateEngine | undefined;
/** One engine per process, so parsed templates are shared between plans. */
function defaultTemplateEngine(): TemplateEngine {
  sharedEngine ??= createGoTemplateEngine();
  return sharedEngine;
}

export async function plan(input: PlanInput): Promise<Plan> {
  const errors: PlanError[] = [];
  const context = { ...input.context, deploy_id: input.context.deploy_id ?? "plan" };

  // 1. Score → delta
  let delta: DeploymentDelta = input.delta ?? { modules: {}, shared: [] };
  if (input.workloads?.length) {
    const options = new Map(input.workloads.map((w) => [w.score, w.options ?? {}]));
    const converted = scoreToDelta(input.workloads.map((w) => w.score), (score) => options.get(score) ?? {});
    for (const e of converted.errors) errors.push({ code: "score", scope: "workload", object_id: e.workload, message: `${e.field}: ${e.message}` });
    delta = mergeDeltas(converted.delta, input.delta);
  }

  // 2. delta → set
  const base = input.baseSet ?? emptySet();
  const applied = applyDelta(base, delta);
  const set = applied.ok ? applied.set : base;
  if (!applied.ok) {
    for (const e of applied.errors) errors.push({ code: "delta", scope: "set", object_id: e.location, message: e.message });
  }
  const id = applied.ok ? applied.id : setId(set);

  // 3. graph
  const built = buildGraph({
    set,
    context,
    definitions: input.definitions,
    match: input.match ?? matchDefinition,
    ...(input.optionalImplicitTypes ? { optionalImplicitTypes: input.optionalImplicitTypes } : {}),
  });
  errors.push(...built.errors);
  const graph = built.graph;

  // 4. provision (skipped when the graph has a cycle: there is no order to follow)
  const drivers = input.drivers ?? createDriverRegistry({ templateEngine: input.templateEngine ?? defaultTemplateEngine() });
  const values = input.values ?? {};
  const provisioned = await provisionGraph({
    set,
    graph,
    context: { ...context, set_id: id },
    values,
    drivers,
    ...(input.previous ? { previous: input.previous } : {}),
    ...(input.resolveSecretRef ? { resolveSecretRef: input.resolveSecretRef } : {}),
  });
  errors.push(...provisioned.errors);
  const warnings = [...provisioned.warnings];

  // 5. render + validate
  let objects: Record<string, unknown>[] = [];
  let namespace: string | null = null;
  let modules: Record<string, Module> = set.modules;
  if (graph.order.length > 0) {
    const outputs = new Map(
      [...provisioned.resources]
        .filter(([, r]) => r.status === "provisioned" || r.status === "reused")
        .map(([key, r]) => [key, { values: r.outputs.values, secrets: r.outputs.secrets, guresid: r.node.guresid, ...(r.active?.account !== undefined ? { account: r.active.account } : {}) }]),
    );
    const rendered = renderObjects({
      scope: context,
      set,
      graph,
      provisioned: provisioned.resources,
      resolverState: { set, graph, outputs, values, context: { ...context, set_id: id }, warn: (m) => warnings.push(m) },
    });
    errors.push(...rendered.errors);
    errors.push(...(await validateObjects(rendered.objects)));
    objects = rendered.objects;
    namespace = rendered.namespace;
    modules = rendered.modules;
  }

  const nodes: PlanNode[] = [...graph.nodes.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((node) => {
      const result = provisioned.resources.get(node.key);
      return {
        key: node.key,
        res_id: node.res_id,
        type: node.type,
        class: node.class,
        guresid: node.guresid,
        def_id: node.definition?.id ?? null,
        driver_type: node.definition?.driver_type ?? null,
        criterion: node.criterion ?? null,
        depends_on: [...node.dependsOn].sort(),
        origin: node.origin,
        status: result?.status ?? "not-provisioned",
        outputs: result ? { values: result.outputs.values, secrets: result.outputs.secrets } : { values: {}, secrets: {} },
      };
    });
  const clusterTarget = [...provisioned.resources.values()].find((r) => r.node.type === "k8s-cluster" && r.target)?.target ?? null;
  return {
    set,
    set_id: id,
    delta,
    modules,
    graph: { nodes, order: graph.order },
    namespace,
    target: clusterTarget,
    objects,
    resources: [...provisioned.resources.values()].flatMap((r) => (r.active ? [r.active] : [])),
    errors,
    warnings: [...new Set(warnings)],
  };
}
