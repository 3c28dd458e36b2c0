/**
 * Definitions written by Baton (not copied from Humanitec's packs):
 * - `inClusterPack()`: the one-click "in-cluster resource pack" — postgres, mysql, redis,
 *   mongodb, amqp (RabbitMQ), volume (PVC), dns, route, ingress and k8s-namespace — with the
 *   criteria chosen at install time.
 * - `builtinDefaults()`: the built-in fallbacks (`is_default`), used only when no organisation
 *   definition matches: k8s-namespace, dns, route and ingress, so a Score file with a route
 *   deploys before any platform setup.
 */
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { datastoreDefinition, DATASTORE_TYPES, type DatastoreType } from "./datastores";
import { namespaceDefinition } from "./namespace";
import { DEFAULT_BASE_DOMAIN, dnsDefinition, ingressDefinition, routeDefinition } from "./networking";
import { volumeDefinition } from "./volume";

export { DATASTORE_TYPES, defaultDatastoreImage, type DatastoreType } from "./datastores";
export { DEFAULT_BASE_DOMAIN } from "./networking";

export const PACK_TYPES = [...DATASTORE_TYPES, "volume", "dns", "route", "ingress", "k8s-namespace"] as const;
export type PackType = (typeof PACK_TYPES)[number];

export interface InClusterPackOptions {
  /** Criteria every pack definition gets; default `[{}]` (everything of class default). */
  criteria?: MatchingCriterion[];
  /** Definition ids are `<idPrefix><type>`; default `incluster-`. */
  idPrefix?: string;
  /** Install only these types; default all. */
  types?: readonly PackType[];
  /** Domain DNS names are created under; default `localhost`. */
  baseDomain?: string;
  ingressClassName?: string;
  /** StorageClass of database volumes and PVCs; the cluster default when omitted. */
  storageClassName?: string;
  /** Size of each database volume; default 1Gi. */
  databaseStorage?: string;
  /** Size of `volume` claims; default 1Gi. */
  volumeCapacity?: string;
  images?: Partial<Record<DatastoreType, string>>;
}

function cloneCriteria(criteria: readonly MatchingCriterion[]): MatchingCriterion[] {
  return criteria.map((c) => ({ ...c }));
}

function buildDefinition(type: PackType, id: string, criteria: MatchingCriterion[], options: InClusterPackOptions): ResourceDefinition {
  switch (type) {
    case "volume":
      return volumeDefinition({ id, criteria, capacity: options.volumeCapacity, storageClassName: options.storageClassName });
    case "dns":
      return dnsDefinition({ id, criteria, baseDomain: options.baseDomain });
    case "route":
      return routeDefinition({ id, criteria });
    case "ingress":
      return ingressDefinition({ id, criteria, ingressClassName: options.ingressClassName });
    case "k8s-namespace":
      return namespaceDefinition({ id, criteria });
    default:
      return datastoreDefinition(type, {
        id,
        criteria,
        image: options.images?.[type],
        storage: options.databaseStorage,
        storageClassName: options.storageClassName,
      });
  }
}

export function inClusterPack(options: InClusterPackOptions = {}): ResourceDefinition[] {
  const prefix = options.idPrefix ?? "incluster-";
  const criteria = options.criteria ?? [{}];
  const types = options.types ?? PACK_TYPES;
  return PACK_TYPES.filter((type) => types.includes(type)).map((type) =>
    buildDefinition(type, `${prefix}${type}`, cloneCriteria(criteria), options),
  );
}

export interface BuiltinDefaultsOptions {
  baseDomain?: string;
  ingressClassName?: string;
}

export const BUILTIN_DEFAULT_TYPES = ["k8s-namespace", "dns", "route", "ingress"] as const;

/** Built-in fallbacks, ids `baton-default-<type>`, criteria `[{}]`, `is_default: true`. */
export function builtinDefaults(options: BuiltinDefaultsOptions = {}): ResourceDefinition[] {
  const packOptions: InClusterPackOptions = { baseDomain: options.baseDomain ?? DEFAULT_BASE_DOMAIN, ingressClassName: options.ingressClassName };
  return BUILTIN_DEFAULT_TYPES.map((type) => ({
    ...buildDefinition(type, `baton-default-${type}`, [{}], packOptions),
    is_default: true,
  }));
}
