/**
 * The operations of Humanitec's official client (`@humanitec/autogen`), read from its
 * generated PublicApi: each method's HTTP method and path template. The compatibility report
 * compares them with what Baton serves and with what the client test suite round-trips.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export interface ClientOperation {
  name: string;
  method: string;
  /** `/orgs/{orgId}/apps/{appId}` */
  path: string;
  /** The API area, e.g. `values`, `pipelines`, `resources/defs`. */
  area: string;
}

const PUBLIC_API = path.resolve(__dirname, "../../node_modules/@humanitec/autogen/dist/generated/apis/PublicApi.js");
const CONTAINERS = new Set(["orgs", "apps", "envs"]);

/** The first static segment that is not an org/app/env container, with `resources/…` kept whole. */
export function areaOf(template: string): string {
  const segments = template.split("/").filter(Boolean);
  const statics = segments.filter((s, i) => !s.startsWith("{") && !(CONTAINERS.has(s) && segments[i + 1]?.startsWith("{")));
  if (statics.length === 0) return segments[0] ?? "/";
  return statics[0] === "resources" && statics[1] ? `resources/${statics[1]}` : statics[0];
}

export function clientOperations(): ClientOperation[] {
  const source = readFileSync(PUBLIC_API, "utf8");
  const ops: ClientOperation[] = [];
  const re = /async (\w+)Raw\((?:requestParameters, )?initOverrides\) \{[\s\S]*?path: `([^`]+)`[\s\S]*?method: '(\w+)'/g;
  for (const m of source.matchAll(re)) ops.push({ name: m[1], path: m[2], method: m[3], area: areaOf(m[2]) });
  return ops;
}

/** Whether a concrete request path (`/orgs/acme/apps/shop`) fits a template. */
export function pathMatches(template: string, concrete: string): boolean {
  const t = template.split("/").filter(Boolean);
  const c = concrete.split("/").filter(Boolean);
  return t.length === c.length && t.every((seg, i) => seg.startsWith("{") || seg === c[i]);
}

/** Templates compared without their parameter names. */
export function sameTemplate(a: string, b: string): boolean {
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}");
  return shape(a) === shape(b);
}
