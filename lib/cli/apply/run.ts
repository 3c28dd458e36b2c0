import { isDeepStrictEqual } from "node:util";
import type { ApiClient } from "@/lib/cli/remote/client";
import { ApiError } from "@/lib/cli/remote/client";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { KINDS, formatIssue, type Issue, type KindName, type RawDocument } from "./documents";
import { HANDLERS, canonical, type Context, type Current, type Desired } from "./kinds";

/** One planned change. */
export interface Change {
  action: "create" | "update" | "delete" | "unchanged";
  kind: KindName;
  name: string;
  desired?: Desired;
  current?: Current;
  /** Field-level differences (`entity.name: "A" → "B"`); write-only parts say only that they are sent. */
  details: string[];
}

export interface Plan {
  changes: Change[];
  errors: Issue[];
}

/** `--prune KIND` or `--prune KIND=GLOB`: which server objects not in the files may be deleted. */
export interface PruneSelector {
  kind: KindName;
  glob: string;
}

export function parsePruneSelectors(values: string[]): PruneSelector[] {
  return values.map((v) => {
    const [kind, glob = "*"] = v.split("=", 2);
    if (!(KINDS as readonly string[]).includes(kind)) throw usageError(`--prune ${v}: the kind must be one of ${KINDS.join(", ")} (e.g. --prune Definition=team-a-* or --prune Value=shop/*)`);
    if (!glob) throw usageError(`--prune ${v}: an empty pattern matches nothing; leave out "=" for every ${kind}`);
    return { kind: kind as KindName, glob };
  });
}

function globMatch(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(name);
}

const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));

/** Differences between two entities, one line per changed top-level field (nested ones as paths). */
function differences(current: unknown, desired: unknown, at = "entity"): string[] {
  if (isDeepStrictEqual(current, desired)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(current) && isObj(desired)) {
    const keys = [...new Set([...Object.keys(current), ...Object.keys(desired)])].sort();
    return keys.flatMap((k) => differences(current[k], desired[k], `${at}.${k}`));
  }
  return [`${at}: ${show(current)} → ${show(desired)}`];
}

/** Users by email and id, listed once (role documents may name a user either way). */
function userDirectory(client: ApiClient) {
  let users: Promise<{ id: string; email: string }[]> | undefined;
  const all = () => (users ??= client.list<{ id: string; email: string }>(`${client.orgPath}/users`));
  return {
    async email(who: string): Promise<string | undefined> {
      const found = (await all()).find((u) => u.id === who || u.email === who);
      return found ? found.email || found.id : undefined;
    },
    async id(who: string): Promise<string | undefined> {
      return (await all()).find((u) => u.id === who || u.email === who)?.id;
    },
  };
}

/** Checks every document's fields (locally, nothing sent); the same object twice is an error at its second place. */
export function parseDesired(documents: RawDocument[], env: Record<string, string | undefined>): { desired: Desired[]; errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const desired: Desired[] = [];
  for (const doc of documents) {
    const parsed = HANDLERS[doc.kind].parse(doc, env);
    if (Array.isArray(parsed)) {
      errors.push(...parsed.filter((i) => i.severity === "error"));
      warnings.push(...parsed.filter((i) => i.severity === "warning"));
    } else desired.push(parsed);
  }
  const seen = new Map<string, Desired>();
  for (const d of desired) {
    const key = `${d.kind}\0${d.name}`;
    const first = seen.get(key);
    if (first) errors.push(d.doc.issue(["metadata", "id"], `${d.kind} "${d.name}" is already described in ${first.doc.file} (document ${first.doc.index})`));
    else seen.set(key, d);
  }
  return { desired, errors, warnings };
}

/**
 * Reads the server and plans every change; sends nothing. Errors (a type that cannot change,
 * a secret without a value, an unknown user) name the file, the document and the field.
 */
export async function planApply(client: ApiClient, desired: Desired[], env: Record<string, string | undefined>, prune: PruneSelector[]): Promise<{ plan: Plan; ctx: Context }> {
  const errors: Issue[] = [];
  const seen = new Set(desired.map((d) => `${d.kind}\0${d.name}`));
  const directory = userDirectory(client);
  const ctx: Context = {
    client,
    env,
    appsWithEnvironments: new Set(desired.filter((d) => d.kind === "Environment").map((d) => d.ids.app)),
    async userId(doc, field, who) {
      const id = await directory.id(who);
      if (!id) throw new CliError(formatIssue(doc.issue(field, `no user "${who}" in the organisation`)));
      return id;
    },
  };
  for (const d of desired.filter((x) => x.kind.endsWith("UserRole"))) {
    const email = await directory.email(d.ids.user);
    if (!email) errors.push(d.doc.issue(["metadata", "id"], `no user "${d.ids.user}" in the organisation (give the user's email or id)`));
    else {
      seen.delete(`${d.kind}\0${d.name}`);
      d.ids.user = email;
      d.name = `${d.ids.scope}/${email}`;
      seen.add(`${d.kind}\0${d.name}`);
    }
  }
  if (errors.length > 0) return { plan: { changes: [], errors }, ctx };

  const wanted = new Set<KindName>([...desired.map((d) => d.kind), ...prune.map((p) => p.kind)]);
  const needsApps = [...wanted].some((k) => ["Application", "Environment", "Value", "ApplicationUserRole"].includes(k));
  const apps = needsApps ? await HANDLERS.Application.list(client, []) : [];
  const changes: Change[] = [];
  for (const kind of KINDS) {
    if (!wanted.has(kind)) continue;
    const current = kind === "Application" ? apps : await HANDLERS[kind].list(client, apps);
    const byName = new Map(current.map((c) => [c.name, c]));
    for (const d of desired.filter((x) => x.kind === kind)) {
      const c = byName.get(d.name);
      if (!c) {
        if (kind === "Value" && d.entity.is_secret && !d.secret) {
          errors.push(d.doc.issue(["entity", "value"], `secret ${d.name} does not exist yet: give its value (entity.value_env or value_file keeps it out of the file)`));
          continue;
        }
        changes.push({ action: "create", kind, name: d.name, desired: d, details: d.secret ? [`${Object.keys(d.secret).map((k) => `entity.${k}`).join(", ")}: (write-only, sent)`] : [] });
        continue;
      }
      const comparable = HANDLERS[kind].comparable ?? ((e: Record<string, unknown>) => e);
      const want = canonical(comparable(d.entity)) as Record<string, unknown>;
      const have = canonical(comparable(c.entity)) as Record<string, unknown>;
      for (const field of HANDLERS[kind].immutable ?? []) {
        if (want[field] !== undefined && have[field] !== undefined && !isDeepStrictEqual(want[field], have[field])) {
          errors.push(d.doc.issue(["entity", field], `${kind} ${d.name} is of ${field} ${show(have[field])} on the server; ${field} cannot change in place (delete it first, or use another id)`));
        }
      }
      const details = differences(have, want);
      if (d.secret) details.push(`${Object.keys(d.secret).map((k) => `entity.${k}`).join(", ")}: (write-only, sent)`);
      changes.push({ action: details.length > 0 ? "update" : "unchanged", kind, name: d.name, desired: d, current: c, details });
    }
    for (const sel of prune.filter((p) => p.kind === kind)) {
      for (const c of current) {
        if (seen.has(`${kind}\0${c.name}`) || !globMatch(sel.glob, c.name)) continue;
        if (changes.some((x) => x.action === "delete" && x.kind === kind && x.name === c.name)) continue;
        changes.push({ action: "delete", kind, name: c.name, current: c, details: [] });
      }
    }
  }
  return { plan: { changes, errors }, ctx };
}

const VERB = { create: ["would create", "created"], update: ["would configure", "configured"], delete: ["would delete", "deleted"], unchanged: ["unchanged", "unchanged"] } as const;
const label = (c: Change) => `${c.kind.charAt(0).toLowerCase()}${c.kind.slice(1)}/${c.name}`;

export interface ApplyReport {
  applied: Change[];
  failed?: { change: Change; message: string };
  notApplied: Change[];
}

/**
 * Applies a plan: creates and updates in dependency order (env types, accounts, definitions,
 * applications, environments, values, roles), then deletions in reverse. Stops at the first
 * failure and says what was applied before it and what was not.
 */
export async function executePlan(ctx: Context, plan: Plan, out: (line: string) => void): Promise<ApplyReport> {
  const order = [...plan.changes.filter((c) => c.action !== "delete"), ...plan.changes.filter((c) => c.action === "delete").reverse()];
  const applied: Change[] = [];
  // Deleting an application deletes what is in it: do not delete those again.
  const deletedApps = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    const change = order[i];
    const h = HANDLERS[change.kind];
    try {
      if (change.action === "create") await h.create(ctx, change.desired!);
      else if (change.action === "update") await h.update(ctx, change.desired!, change.current!);
      else if (change.action === "delete") {
        const app = change.current!.ids.app;
        if (change.kind !== "Application" && app && deletedApps.has(app)) {
          applied.push(change);
          continue;
        }
        await h.remove(ctx.client, change.current!);
        if (change.kind === "Application") deletedApps.add(change.name);
      }
    } catch (err) {
      const message = err instanceof ApiError || err instanceof CliError ? err.message : (err as Error).message;
      const where = change.desired ? ` (${change.desired.doc.file}, document ${change.desired.doc.index})` : "";
      return { applied, failed: { change, message: `${label(change)}${where}: ${message}` }, notApplied: order.slice(i + 1).filter((c) => c.action !== "unchanged") };
    }
    applied.push(change);
    out(`${label(change)} ${VERB[change.action][1]}`);
    // As kubectl apply: what changed for an update; a creation is one line (the dry run lists its fields).
    if (change.action === "update") for (const d of change.details) out(`    ${d}`);
  }
  return { applied, notApplied: [] };
}

export function printPlan(plan: Plan, out: (line: string) => void): void {
  for (const c of plan.changes) {
    out(`${label(c)} ${VERB[c.action][0]}`);
    if (c.action !== "unchanged") for (const d of c.details) out(`    ${d}`);
  }
}

export function summary(changes: Change[]): string {
  const n = (a: Change["action"]) => changes.filter((c) => c.action === a).length;
  return `${n("create")} to create, ${n("update")} to configure, ${n("delete")} to delete, ${n("unchanged")} unchanged`;
}
