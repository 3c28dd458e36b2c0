import "server-only";
import { stringify } from "yaml";
import type { DbOrTx } from "@/db/client";
import { DRIVERS } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { BUILTIN_RESOURCE_TYPES } from "@/lib/engine/resource-types";
import { listCloudAccounts, listCustomResourceTypes } from "@/lib/server/data/resources";
import type { DefinitionFormProps, DriverOption } from "./definition-form";

export function driverOptions(): DriverOption[] {
  return DRIVERS.map((d) => ({ id: d.id, name: d.name, available: d.available, reason: d.unavailable_reason, types: d.types }));
}

export async function typeIds(db: DbOrTx, orgId: string): Promise<string[]> {
  return [...BUILTIN_RESOURCE_TYPES.map((t) => t.type), ...(await listCustomResourceTypes(db, orgId)).map((t) => t.type)];
}

const yamlOf = (value: unknown) => (value === undefined || value === null ? "" : stringify(value, { lineWidth: 0 }));

/** Props of the editor — the definition WITHOUT secrets; secret inputs only as paths. */
export async function formProps(db: DbOrTx, orgId: string, def: ResourceDefinition | undefined, secretPaths: string[]): Promise<Omit<DefinitionFormProps, "mode">> {
  return {
    initial: def
      ? {
          id: def.id,
          name: def.name,
          type: def.type,
          driverType: def.driver_type,
          driverAccount: def.driver_account ?? "",
          valuesYaml: yamlOf(def.driver_inputs?.values),
          secretRefsYaml: yamlOf(def.driver_inputs?.secret_refs),
          provisionYaml: yamlOf(def.provision),
        }
      : { id: "", name: "", type: "postgres", driverType: "humanitec/template", driverAccount: "", valuesYaml: "templates:\n  outputs: |\n    host: example\n", secretRefsYaml: "", provisionYaml: "" },
    secretPaths,
    types: (await typeIds(db, orgId)),
    drivers: driverOptions(),
    accounts: (await listCloudAccounts(db, orgId)).map((a) => ({ id: a.id, type: a.type })),
  };
}
