import type { DbOrTx } from "@/db/client";
import { BUILTIN_RESOURCE_TYPES } from "@/lib/engine/resource-types";
import { listCustomResourceTypes } from "./resources";

function keys(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

/** Resource types with their output keys (values and secrets), for editor completion. */
export async function resourceTypeHints(db: DbOrTx, orgId: string): Promise<{ type: string; outputs: string[] }[]> {
  const builtin = BUILTIN_RESOURCE_TYPES.map((t) => ({ type: t.type, outputs: [...keys(t.outputs_schema.values), ...keys(t.outputs_schema.secrets)] }));
  const custom = (await listCustomResourceTypes(db, orgId)).map((t) => {
    const o = t.outputsSchema as { values?: unknown; secrets?: unknown };
    return { type: t.type, outputs: [...keys(o.values), ...keys(o.secrets)] };
  });
  return [...builtin, ...custom];
}
