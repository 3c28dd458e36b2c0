import { diffJson, formatPointer } from "./json-patch";
import type { DeploymentDelta, DeploymentSet, JsonPatchOp } from "./types";

/**
 * The delta that turns `from` into `to` (Humanitec's set diff). Modules only in `to` are
 * added whole, modules only in `from` removed, and changed modules become JSON-Patch updates;
 * the shared map is diffed member by member. Applying the result to `from` yields `to`.
 */
export function diffSets(from: DeploymentSet, to: DeploymentSet): DeploymentDelta {
  const add: Record<string, DeploymentSet["modules"][string]> = {};
  const remove: string[] = [];
  const update: Record<string, JsonPatchOp[]> = {};
  for (const workload of Object.keys(from.modules).sort()) {
    if (!(workload in to.modules)) remove.push(workload);
  }
  for (const workload of Object.keys(to.modules).sort()) {
    if (!(workload in from.modules)) {
      add[workload] = to.modules[workload];
      continue;
    }
    const ops = diffJson(from.modules[workload], to.modules[workload]);
    if (ops.length > 0) update[workload] = ops;
  }
  const shared: JsonPatchOp[] = [];
  for (const name of Object.keys(from.shared).sort()) {
    if (!(name in to.shared)) shared.push({ op: "remove", path: formatPointer([name]) });
  }
  for (const name of Object.keys(to.shared).sort()) {
    if (!(name in from.shared)) shared.push({ op: "add", path: formatPointer([name]), value: to.shared[name] });
    else shared.push(...diffJson(from.shared[name], to.shared[name], [name]));
  }
  return { modules: { add, remove, update }, shared };
}

/** True when a delta changes nothing. */
export function isEmptyDelta(delta: DeploymentDelta): boolean {
  return (
    Object.keys(delta.modules?.add ?? {}).length === 0 &&
    (delta.modules?.remove ?? []).length === 0 &&
    Object.keys(delta.modules?.update ?? {}).length === 0 &&
    (delta.shared ?? []).length === 0
  );
}
