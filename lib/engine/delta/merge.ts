import { cloneJson } from "./canonical";
import { applyJsonPatch } from "./json-patch";
import { isDeltaScopedRemove, simplifyPatch } from "./simplify-patch";
import type { DeploymentDelta, JsonPatchOp, Module } from "./types";

/** A delta's metadata as stored: who created it and who edited it since (Humanitec spells it `contributers`). */
export interface DeltaMetadata {
  env_id?: string;
  name?: string;
  archived?: boolean;
  created_by?: string;
  contributers?: string[];
  [key: string]: unknown;
}

export type MergeableDelta = Omit<DeploymentDelta, "metadata" | "modules"> & {
  metadata?: DeltaMetadata;
  modules?: {
    /** `null` cancels a pending remove of that module */
    add?: Record<string, Module | null>;
    remove?: string[];
    update?: Record<string, JsonPatchOp[]>;
  };
};

/**
 * Combines deltas in order into one, as Humanitec's PATCH of a delta does
 * (humanitec-model.md §5): adds replace adds and drop the module's pending updates, a `null`
 * add cancels a pending remove, removes are unioned and drop pending adds and updates of that
 * module, updates are concatenated; then updates are folded into matching adds and every patch
 * list is simplified (`{"scope":"delta"}` removes act there and disappear). `editor`, when not the
 * delta's creator, is appended to `metadata.contributers`. The inputs are not modified.
 */
export function mergeDeltas(base: MergeableDelta, patches: readonly MergeableDelta[], editor?: string): MergeableDelta {
  const add: Record<string, Module> = {};
  for (const [workload, module] of Object.entries(base.modules?.add ?? {})) if (module) add[workload] = cloneJson(module);
  const remove = new Set(base.modules?.remove ?? []);
  const update: Record<string, JsonPatchOp[]> = cloneJson(base.modules?.update ?? {});
  let shared: JsonPatchOp[] = cloneJson(base.shared ?? []);

  for (const patch of patches) {
    // Within one delta removes come first, then adds, then updates, as applyDelta does.
    for (const workload of patch.modules?.remove ?? []) {
      remove.add(workload);
      delete add[workload];
      delete update[workload];
    }
    for (const [workload, module] of Object.entries(patch.modules?.add ?? {})) {
      if (module === null) {
        remove.delete(workload);
        continue;
      }
      add[workload] = cloneJson(module);
      delete update[workload]; // the whole module is replaced, earlier edits are moot
    }
    for (const [workload, ops] of Object.entries(patch.modules?.update ?? {})) {
      update[workload] = [...(update[workload] ?? []), ...cloneJson(ops)];
    }
    shared = [...shared, ...cloneJson(patch.shared ?? [])];
  }

  for (const [workload, ops] of Object.entries(update)) {
    if (workload in add) {
      const folded = foldIntoModule(add[workload], ops);
      if (folded) {
        add[workload] = folded;
        delete update[workload];
        continue;
      }
    }
    const simplified = simplifyPatch(ops);
    if (simplified.length > 0) update[workload] = simplified;
    else delete update[workload];
  }

  const merged: MergeableDelta = {
    ...(base.id ? { id: base.id } : {}),
    metadata: mergeMetadata(base.metadata, patches, editor),
    modules: { add, remove: [...remove], update },
    shared: simplifyPatch(shared),
  };
  return merged;
}

/** Applies an update to an added module; undefined when it does not apply (it then stays an update). */
function foldIntoModule(module: Module, ops: readonly JsonPatchOp[]): Module | undefined {
  const effective = simplifyPatch(ops).filter((op) => !isDeltaScopedRemove(op));
  try {
    return applyJsonPatch(module, effective);
  } catch {
    return undefined;
  }
}

function mergeMetadata(base: DeltaMetadata | undefined, patches: readonly MergeableDelta[], editor: string | undefined): DeltaMetadata {
  const metadata: DeltaMetadata = { ...(base ?? {}) };
  for (const patch of patches) {
    // A PATCH body's metadata may rename or retarget the delta; provenance fields stay the server's.
    const { name, env_id, archived } = patch.metadata ?? {};
    if (name !== undefined) metadata.name = name;
    if (env_id !== undefined) metadata.env_id = env_id;
    if (archived !== undefined) metadata.archived = archived;
  }
  return editor ? withContributor(metadata, editor, metadata.created_by) : metadata;
}

/** `editor` joins `metadata.contributers` unless they created the delta or are listed already. */
export function withContributor(metadata: DeltaMetadata, editor: string, creator: string | undefined): DeltaMetadata {
  if (editor === creator || (metadata.contributers ?? []).includes(editor)) return metadata;
  return { ...metadata, contributers: [...(metadata.contributers ?? []), editor] };
}
