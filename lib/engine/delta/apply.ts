import { cloneJson, contentHash } from "./canonical";
import { applyJsonPatch, JsonPatchError } from "./json-patch";
import { isDeltaScopedRemove } from "./simplify-patch";
import type { DeploymentDelta, DeploymentSet, Module, SharedResource } from "./types";

export interface DeltaError {
  /** Where in the delta: `modules.update.api[2]`, `shared[0]`, … */
  location: string;
  message: string;
}

export type ApplyDeltaResult =
  | { ok: true; set: DeploymentSet; id: string }
  | { ok: false; errors: DeltaError[] };

/** The set id: sha256 (hex) of the set's canonical JSON, so equal content ⇒ equal id. */
export function setId(set: DeploymentSet): string {
  return contentHash({ version: set.version, modules: set.modules, shared: set.shared });
}

/**
 * Applies a delta to a base set (humanitec-model.md §5): `modules.add[W]` replaces the whole
 * module, `modules.remove` drops modules, `modules.update[W]` patches a module, and `shared`
 * patches the shared map. Order: remove, add, update, shared. The base set is not modified.
 */
export function applyDelta(base: DeploymentSet, delta: DeploymentDelta): ApplyDeltaResult {
  const errors: DeltaError[] = [];
  const modules: Record<string, Module> = cloneJson(base.modules);
  let shared: Record<string, SharedResource> = cloneJson(base.shared);

  for (const [index, workload] of (delta.modules?.remove ?? []).entries()) {
    if (!(workload in modules)) {
      errors.push({ location: `modules.remove[${index}]`, message: `module "${workload}" is not in the set` });
      continue;
    }
    delete modules[workload];
  }
  for (const [workload, module] of Object.entries(delta.modules?.add ?? {})) {
    if (module === null) continue; // a null add only cancels a pending remove inside the delta
    if (typeof module !== "object" || typeof module.spec !== "object" || module.spec === null) {
      errors.push({ location: `modules.add.${workload}`, message: "a module needs an object `spec`" });
      continue;
    }
    modules[workload] = cloneJson({ ...module, profile: module.profile ?? "humanitec/default-module" });
  }
  for (const [workload, ops] of Object.entries(delta.modules?.update ?? {})) {
    if (!(workload in modules)) {
      errors.push({ location: `modules.update.${workload}`, message: `module "${workload}" is not in the set` });
      continue;
    }
    try {
      modules[workload] = applyJsonPatch(modules[workload], ops.filter((op) => !isDeltaScopedRemove(op)));
    } catch (err) {
      const index = err instanceof JsonPatchError ? err.index : 0;
      errors.push({ location: `modules.update.${workload}[${index}]`, message: (err as Error).message });
    }
  }
  if (delta.shared?.length) {
    try {
      shared = applyJsonPatch(shared, delta.shared.filter((op) => !isDeltaScopedRemove(op)));
    } catch (err) {
      const index = err instanceof JsonPatchError ? err.index : 0;
      errors.push({ location: `shared[${index}]`, message: (err as Error).message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const set: DeploymentSet = { version: 0, modules, shared };
  return { ok: true, set, id: setId(set) };
}
