import type { ApplyRequest, ApplyResult, Target, TargetObjectRef } from "./types";

function refOf(object: Record<string, unknown>): TargetObjectRef {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return {
    apiVersion: String(object.apiVersion ?? ""),
    kind: String(object.kind ?? ""),
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    name: String(metadata.name ?? ""),
  };
}

function refKey(ref: TargetObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

/**
 * The `none` target: keeps the applied objects in memory per app/env (tests, dry runs, the
 * offline CLI). Applying prunes what the previous apply owned and this one does not.
 */
export class MemoryTarget implements Target {
  readonly kind = "none" as const;
  private readonly state = new Map<string, Map<string, Record<string, unknown>>>();

  async apply(request: ApplyRequest): Promise<ApplyResult> {
    const scope = `${request.app_id}/${request.env_id}`;
    const before = this.state.get(scope) ?? new Map();
    const after = new Map<string, Record<string, unknown>>();
    for (const object of request.objects) after.set(refKey(refOf(object)), JSON.parse(JSON.stringify(object)));
    const pruned = [...before.keys()].filter((key) => !after.has(key)).map((key) => refOf(before.get(key)!));
    this.state.set(scope, after);
    return { applied: request.objects.map(refOf), pruned };
  }

  /** Objects currently held for an app/env. */
  objects(appId: string, envId: string): Record<string, unknown>[] {
    return [...(this.state.get(`${appId}/${envId}`)?.values() ?? [])];
  }
}
