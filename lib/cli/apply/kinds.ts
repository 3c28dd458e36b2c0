import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { HUMCTL_API_VERSION, definitionToHumctlDocument } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { ApiClient } from "@/lib/cli/remote/client";
import type { Issue, KindName, RawDocument } from "./documents";

const enc = encodeURIComponent;
type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** What the files ask for, one object. */
export interface Desired {
  kind: KindName;
  /** Unique within the kind: `id`, `app/env`, `app/KEY`, `app/env/KEY`, `app/user`, `type/user`. */
  name: string;
  doc: RawDocument;
  /** The entity as export writes it: what is compared with the server. */
  entity: Obj;
  /** Write-only parts (credentials, secret values, definition secrets): sent, never compared or shown. */
  secret?: Obj;
  /** Ids the API paths need. */
  ids: Record<string, string>;
}

/** What the server holds, one object. */
export interface Current {
  kind: KindName;
  name: string;
  entity: Obj;
  ids: Record<string, string>;
  /** The humctl document's metadata. */
  metadata: Obj;
}

export interface Context {
  client: ApiClient;
  env: Record<string, string | undefined>;
  /** Application ids that the files give environments for (created without the default environment). */
  appsWithEnvironments: Set<string>;
  /** email or id → user id (lazily listed). */
  userId(doc: RawDocument, field: string[], who: string): Promise<string>;
}

export interface Handler {
  kind: KindName;
  /** Checks one document; issues name its file, document and field. */
  parse(doc: RawDocument, env: Record<string, string | undefined>): Desired | Issue[];
  /** Every object of the kind on the server (`apps`: the applications to look into). */
  list(client: ApiClient, apps: Current[]): Promise<Current[]>;
  /** Entity fields that cannot change in place. */
  immutable?: string[];
  /** The entity as compared, when equal meanings have several spellings. */
  comparable?(entity: Obj): Obj;
  create(ctx: Context, d: Desired): Promise<void>;
  update(ctx: Context, d: Desired, c: Current): Promise<void>;
  remove(client: ApiClient, c: Current): Promise<void>;
}

/** Drops undefined values and empty mappings, so `values: {}` and no `values` compare equal. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const c = canonical(x);
    if (c === undefined || (isObject(c) && Object.keys(c).length === 0)) continue;
    out[k] = c;
  }
  return out;
}

export function humctlDocument(kind: KindName, metadata: Obj, entity: Obj): Obj {
  return { apiVersion: HUMCTL_API_VERSION, kind, metadata, entity };
}

// ── helpers for parse ──────────────────────────────────────────────────────────────────────

type Check = { issues: Issue[]; doc: RawDocument };
function onlyKeys(c: Check, where: "metadata" | "entity", allowed: string[]): void {
  const obj = where === "metadata" ? c.doc.metadata : c.doc.entity;
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) c.issues.push(c.doc.issue([where, k], `"${k}" is not a field of ${c.doc.kind} ${where} (known: ${allowed.join(", ")})`));
}
function str(c: Check, where: "metadata" | "entity", key: string, opts: { required?: boolean; pattern?: RegExp; hint?: string; oneOf?: readonly string[] } = {}): string | undefined {
  const obj = where === "metadata" ? c.doc.metadata : c.doc.entity;
  const v = obj[key];
  if (v === undefined || v === null) {
    if (opts.required) c.issues.push(c.doc.issue([where, key], `${where}.${key} is required`));
    return undefined;
  }
  if (typeof v !== "string") {
    c.issues.push(c.doc.issue([where, key], `${where}.${key} must be a string`));
    return undefined;
  }
  if (opts.pattern && !opts.pattern.test(v)) c.issues.push(c.doc.issue([where, key], `${where}.${key} "${v}" ${opts.hint ?? `must match ${opts.pattern}`}`));
  if (opts.oneOf && !opts.oneOf.includes(v)) c.issues.push(c.doc.issue([where, key], `${where}.${key} must be one of ${opts.oneOf.join(", ")} (got "${v}")`));
  return v;
}
function bool(c: Check, key: string): boolean | undefined {
  const v = c.doc.entity[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") c.issues.push(c.doc.issue(["entity", key], `entity.${key} must be true or false`));
  return v === true;
}

/** A file named by a document, relative to the document's file (stdin: the working directory). */
function readNear(c: Check, field: string, file: string): string | undefined {
  const base = c.doc.file === "<stdin>" ? process.cwd() : path.dirname(path.resolve(c.doc.file));
  try {
    return fs.readFileSync(path.resolve(base, file), "utf8");
  } catch (err) {
    c.issues.push(c.doc.issue(["entity", field], `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`));
    return undefined;
  }
}

/**
 * A write-only value from the document: `KEY` inline, `KEY_file` (a file next to the YAML) or
 * `KEY_env` (an environment variable). Exactly one may be given.
 */
function writeOnlySource(c: Check, env: Record<string, string | undefined>, key: string): { text: string; from: string } | undefined {
  const e = c.doc.entity;
  const given = [key, `${key}_file`, `${key}_env`].filter((k) => e[k] !== undefined);
  if (given.length > 1) {
    c.issues.push(c.doc.issue(["entity", given[1]], `give only one of ${given.join(", ")}`));
    return undefined;
  }
  if (e[`${key}_file`] !== undefined) {
    const f = str(c, "entity", `${key}_file`);
    const text = f === undefined ? undefined : readNear(c, `${key}_file`, f);
    return text === undefined ? undefined : { text, from: `file ${f}` };
  }
  if (e[`${key}_env`] !== undefined) {
    const name = str(c, "entity", `${key}_env`);
    if (name === undefined) return undefined;
    const v = env[name];
    if (v === undefined || v === "") {
      c.issues.push(c.doc.issue(["entity", `${key}_env`], `environment variable ${name} is not set`));
      return undefined;
    }
    return { text: v, from: `env ${name}` };
  }
  return undefined;
}

const ID = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
const ID_HINT = "must be lowercase letters, digits and dashes";

function done(c: Check, d: Omit<Desired, "doc" | "kind">): Desired | Issue[] {
  return c.issues.some((i) => i.severity === "error") ? c.issues : { ...d, kind: c.doc.kind, doc: c.doc };
}

// ── the kinds ──────────────────────────────────────────────────────────────────────────────

const envType: Handler = {
  kind: "EnvironmentType",
  parse(doc) {
    const c: Check = { issues: [], doc };
    onlyKeys(c, "metadata", ["id"]);
    onlyKeys(c, "entity", ["description"]);
    const id = str(c, "metadata", "id", { required: true, pattern: ID, hint: ID_HINT })!;
    const description = str(c, "entity", "description") ?? "";
    return done(c, { name: id, entity: { description }, ids: { id } });
  },
  async list(client) {
    const rows = await client.list<{ id: string; description: string }>(`${client.orgPath}/env-types`);
    return rows.map((t) => ({ kind: "EnvironmentType" as const, name: t.id, entity: { description: t.description ?? "" }, ids: { id: t.id }, metadata: { id: t.id } }));
  },
  async create(ctx, d) {
    await ctx.client.request("POST", `${ctx.client.orgPath}/env-types`, { id: d.ids.id, description: d.entity.description });
  },
  async update(ctx, d) {
    await ctx.client.request("PATCH", `${ctx.client.orgPath}/env-types/${enc(d.ids.id)}`, { description: d.entity.description });
  },
  async remove(client, c) {
    await client.request("DELETE", `${client.orgPath}/env-types/${enc(c.ids.id)}`);
  },
};

const ACCOUNT_TYPES = ["kubernetes", "aws", "aws-role", "gcp", "gcp-identity", "azure", "azure-identity"] as const;

const account: Handler = {
  kind: "Account",
  immutable: ["type"],
  parse(doc, env) {
    const c: Check = { issues: [], doc };
    onlyKeys(c, "metadata", ["id"]);
    onlyKeys(c, "entity", ["name", "type", "credentials", "credentials_file", "credentials_env"]);
    const id = str(c, "metadata", "id", { required: true })!;
    const name = str(c, "entity", "name") ?? id;
    const type = str(c, "entity", "type", { required: true, oneOf: ACCOUNT_TYPES });
    let credentials: Obj | undefined;
    if (doc.entity.credentials !== undefined) {
      if (!isObject(doc.entity.credentials)) c.issues.push(doc.issue(["entity", "credentials"], "entity.credentials must be a mapping of the account type's fields"));
      else {
        credentials = doc.entity.credentials;
        c.issues.push(doc.issue(["entity", "credentials"], "credentials written in the file: prefer credentials_file or credentials_env, which keep them out of the repository", "warning"));
      }
    }
    const source = writeOnlySource(c, env, "credentials");
    if (source) {
      let parsed: unknown;
      try {
        parsed = parseYaml(source.text);
      } catch {
        parsed = undefined;
      }
      // A kubeconfig file is YAML too, but the account takes it as one field.
      if (type === "kubernetes" && !(isObject(parsed) && "kubeconfig" in parsed)) credentials = { kubeconfig: source.text };
      else if (isObject(parsed)) credentials = parsed;
      else c.issues.push(doc.issue(["entity", `credentials_${source.from.startsWith("file") ? "file" : "env"}`], `${source.from}: the credentials must be a JSON or YAML mapping of the account type's fields`));
    }
    return done(c, { name: id, entity: { name, type }, secret: credentials ? { credentials } : undefined, ids: { id } });
  },
  async list(client) {
    const rows = await client.list<{ id: string; name: string; type: string }>(`${client.orgPath}/resources/accounts`);
    return rows.map((a) => ({ kind: "Account" as const, name: a.id, entity: { name: a.name, type: a.type }, ids: { id: a.id }, metadata: { id: a.id } }));
  },
  async create(ctx, d) {
    await ctx.client.request("POST", `${ctx.client.orgPath}/resources/accounts`, { id: d.ids.id, ...d.entity, credentials: d.secret?.credentials });
  },
  async update(ctx, d) {
    await ctx.client.request("PATCH", `${ctx.client.orgPath}/resources/accounts/${enc(d.ids.id)}`, { name: d.entity.name, ...(d.secret ? { credentials: d.secret.credentials } : {}) });
  },
  async remove(client, c) {
    await client.request("DELETE", `${client.orgPath}/resources/accounts/${enc(c.ids.id)}`);
  },
};

/** A definition's entity as exported and sent: no secrets, no criterion ids, criteria always present. */
function definitionEntity(def: ResourceDefinition): Obj {
  const entity = definitionToHumctlDocument(def, { omitSecrets: true }).entity as Obj;
  return { ...entity, criteria: (entity.criteria as unknown[] | undefined) ?? [] };
}

const definition: Handler = {
  kind: "Definition",
  immutable: ["type"],
  // A criterion without a class matches class "default": the same criterion either way.
  comparable: (entity) => ({ ...entity, criteria: ((entity.criteria as Obj[] | undefined) ?? []).map((c) => ({ ...c, class: c.class ?? "default" })) }),
  parse(doc) {
    const def = doc.definition!;
    const secrets = (def.driver_inputs as { secrets?: Obj } | undefined)?.secrets;
    return { kind: "Definition", name: def.id, doc, entity: definitionEntity(def), secret: secrets && Object.keys(secrets).length > 0 ? { secrets } : undefined, ids: { id: def.id } };
  },
  async list(client) {
    const rows = await client.list<ResourceDefinition & { is_default?: boolean }>(`${client.orgPath}/resources/defs`);
    // Baton's built-in defaults are not the organisation's to export or prune.
    return rows.filter((d) => !d.is_default).map((d) => ({ kind: "Definition" as const, name: d.id, entity: definitionEntity(d), ids: { id: d.id }, metadata: { id: d.id } }));
  },
  async create(ctx, d) {
    await ctx.client.request("POST", `${ctx.client.orgPath}/resources/defs`, { id: d.ids.id, ...definitionBody(d) });
  },
  async update(ctx, d) {
    await ctx.client.request("PUT", `${ctx.client.orgPath}/resources/defs/${enc(d.ids.id)}`, definitionBody(d));
  },
  async remove(client, c) {
    await client.request("DELETE", `${client.orgPath}/resources/defs/${enc(c.ids.id)}`);
  },
};

/** PUT/POST body: the entity; secrets only when the file gives them (omitted ones are kept). */
function definitionBody(d: Desired): Obj {
  const entity = { ...d.entity };
  if (d.secret?.secrets) entity.driver_inputs = { ...((entity.driver_inputs as Obj | undefined) ?? {}), secrets: d.secret.secrets };
  return entity;
}

interface AppJson {
  id: string;
  name: string;
  envs: { id: string; name: string; type: string }[];
}

const application: Handler = {
  kind: "Application",
  parse(doc) {
    const c: Check = { issues: [], doc };
    onlyKeys(c, "metadata", ["id"]);
    onlyKeys(c, "entity", ["name"]);
    const id = str(c, "metadata", "id", { required: true, pattern: ID, hint: ID_HINT })!;
    return done(c, { name: id, entity: { name: str(c, "entity", "name") ?? id }, ids: { app: id } });
  },
  async list(client) {
    const rows = await client.list<AppJson>(`${client.orgPath}/apps`);
    return rows.map((a) => ({ kind: "Application" as const, name: a.id, entity: { name: a.name }, ids: { app: a.id, envs: JSON.stringify(a.envs) }, metadata: { id: a.id } }));
  },
  async create(ctx, d) {
    await ctx.client.request("POST", `${ctx.client.orgPath}/apps`, { id: d.ids.app, name: d.entity.name, skip_environment_creation: ctx.appsWithEnvironments.has(d.ids.app) || undefined });
  },
  async update(ctx, d) {
    await ctx.client.request("PATCH", `${ctx.client.orgPath}/apps/${enc(d.ids.app)}`, { name: d.entity.name });
  },
  async remove(client, c) {
    await client.request("DELETE", `${client.orgPath}/apps/${enc(c.ids.app)}`);
  },
};

const environment: Handler = {
  kind: "Environment",
  immutable: ["type"],
  parse(doc) {
    const c: Check = { issues: [], doc };
    onlyKeys(c, "metadata", ["id", "app_id"]);
    onlyKeys(c, "entity", ["name", "type"]);
    const id = str(c, "metadata", "id", { required: true })!;
    const app = str(c, "metadata", "app_id", { required: true })!;
    const type = str(c, "entity", "type", { required: true });
    return done(c, { name: `${app}/${id}`, entity: { name: str(c, "entity", "name") ?? id, type }, ids: { app, env: id } });
  },
  async list(_client, apps) {
    return apps.flatMap((a) =>
      (JSON.parse(a.ids.envs) as AppJson["envs"]).map((e) => ({ kind: "Environment" as const, name: `${a.ids.app}/${e.id}`, entity: { name: e.name, type: e.type }, ids: { app: a.ids.app, env: e.id }, metadata: { id: e.id, app_id: a.ids.app } })),
    );
  },
  async create(ctx, d) {
    await ctx.client.request("POST", `${ctx.client.orgPath}/apps/${enc(d.ids.app)}/envs`, { id: d.ids.env, ...d.entity });
  },
  async update(ctx, d) {
    await ctx.client.request("PATCH", `${ctx.client.orgPath}/apps/${enc(d.ids.app)}/envs/${enc(d.ids.env)}`, { name: d.entity.name });
  },
  async remove(client, c) {
    await client.request("DELETE", `${client.orgPath}/apps/${enc(c.ids.app)}/envs/${enc(c.ids.env)}`);
  },
};

interface ValueJson {
  key: string;
  value: string;
  description: string;
  is_secret: boolean;
  source: "app" | "env";
}
const valueBase = (client: ApiClient, ids: Record<string, string>) => `${client.orgPath}/apps/${enc(ids.app)}${ids.env ? `/envs/${enc(ids.env)}` : ""}/values`;
const valueEntity = (v: ValueJson): Obj => (v.is_secret ? { is_secret: true, description: v.description ?? "" } : { value: v.value, is_secret: false, description: v.description ?? "" });

const value: Handler = {
  kind: "Value",
  parse(doc, env) {
    const c: Check = { issues: [], doc };
    onlyKeys(c, "metadata", ["id", "app_id", "env_id"]);
    onlyKeys(c, "entity", ["value", "value_file", "value_env", "description", "is_secret"]);
    const key = str(c, "metadata", "id", { required: true })!;
    const app = str(c, "metadata", "app_id", { required: true })!;
    const envId = str(c, "metadata", "env_id");
    const isSecret = bool(c, "is_secret") ?? false;
    const description = str(c, "entity", "description") ?? "";
    let text: string | undefined;
    const raw = doc.entity.value;
    if (raw !== undefined && raw !== null) {
      if (typeof raw === "object") c.issues.push(doc.issue(["entity", "value"], "entity.value must be a string, number or boolean"));
      else text = String(raw);
    }
    const source = writeOnlySource(c, env, "value");
    if (source) text = source.text;
    if (text === undefined && !isSecret && c.issues.length === 0) c.issues.push(doc.issue(["entity", "value"], "entity.value (or value_file, value_env) is required for a value that is not secret"));
    const name = `${app}/${envId ? `${envId}/` : ""}${key}`;
    const ids: Record<string, string> = { app, key, ...(envId ? { env: envId } : {}) };
    // A secret's value is write-only: never compared, sent when the file gives it.
    if (isSecret) return done(c, { name, entity: { is_secret: true, description }, secret: text === undefined ? undefined : { value: text }, ids });
    return done(c, { name, entity: { value: text, is_secret: false, description }, ids });
  },
  async list(client, apps) {
    const out: Current[] = [];
    for (const a of apps) {
      const ids = { app: a.ids.app };
      for (const v of await client.list<ValueJson>(valueBase(client, ids))) {
        out.push({ kind: "Value", name: `${a.ids.app}/${v.key}`, entity: valueEntity(v), ids: { ...ids, key: v.key }, metadata: { id: v.key, app_id: a.ids.app } });
      }
      for (const e of JSON.parse(a.ids.envs) as AppJson["envs"]) {
        const envIds = { app: a.ids.app, env: e.id };
        for (const v of await client.list<ValueJson>(valueBase(client, envIds))) {
          if (v.source !== "env") continue;
          out.push({ kind: "Value", name: `${a.ids.app}/${e.id}/${v.key}`, entity: valueEntity(v), ids: { ...envIds, key: v.key }, metadata: { id: v.key, app_id: a.ids.app, env_id: e.id } });
        }
      }
    }
    return out;
  },
  async create(ctx, d) {
    if (d.entity.is_secret && !d.secret) throw new Error(`the secret has no value: give entity.value, value_file or value_env (${d.doc.file}, document ${d.doc.index})`);
    await value.update(ctx, d, undefined as never);
  },
  async update(ctx, d) {
    const { value: _v, ...rest } = d.entity;
    await ctx.client.request("PUT", `${valueBase(ctx.client, d.ids)}/${enc(d.ids.key)}`, { ...rest, ...(d.entity.is_secret ? (d.secret ? { value: d.secret.value } : {}) : { value: d.entity.value }) });
  },
  async remove(client, c) {
    await client.request("DELETE", `${valueBase(client, c.ids)}/${enc(c.ids.key)}`);
  },
};

interface UserRoleJson {
  id: string;
  email: string;
  role: string;
}

function roleHandler(kind: "ApplicationUserRole" | "EnvironmentTypeUserRole"): Handler {
  const scopeKey = kind === "ApplicationUserRole" ? "app_id" : "env_type_id";
  const roles = kind === "ApplicationUserRole" ? ["viewer", "developer", "owner"] : ["deployer"];
  const base = (client: ApiClient, scope: string) => `${client.orgPath}/${kind === "ApplicationUserRole" ? "apps" : "env-types"}/${enc(scope)}/users`;
  return {
    kind,
    parse(doc) {
      const c: Check = { issues: [], doc };
      onlyKeys(c, "metadata", ["id", scopeKey]);
      onlyKeys(c, "entity", ["role"]);
      const user = str(c, "metadata", "id", { required: true })!;
      const scope = str(c, "metadata", scopeKey, { required: true })!;
      const role = str(c, "entity", "role", { required: true, oneOf: roles });
      return done(c, { name: `${scope}/${user}`, entity: { role }, ids: { scope, user } });
    },
    async list(client, apps) {
      const scopes = kind === "ApplicationUserRole" ? apps.map((a) => a.ids.app) : (await client.list<{ id: string }>(`${client.orgPath}/env-types`)).map((t) => t.id);
      const out: Current[] = [];
      for (const scope of scopes) {
        for (const u of await client.list<UserRoleJson>(base(client, scope))) {
          const who = u.email || u.id;
          out.push({ kind, name: `${scope}/${who}`, entity: { role: u.role }, ids: { scope, user: who, userId: u.id }, metadata: { id: who, [scopeKey]: scope } });
        }
      }
      return out;
    },
    async create(ctx, d) {
      const id = await ctx.userId(d.doc, ["metadata", "id"], d.ids.user);
      await ctx.client.request("POST", base(ctx.client, d.ids.scope), { id, role: d.entity.role });
    },
    async update(ctx, d, c) {
      await ctx.client.request("PATCH", `${base(ctx.client, d.ids.scope)}/${enc(c.ids.userId)}`, { role: d.entity.role });
    },
    async remove(client, c) {
      await client.request("DELETE", `${base(client, c.ids.scope)}/${enc(c.ids.userId)}`);
    },
  };
}

export const HANDLERS: Record<KindName, Handler> = {
  EnvironmentType: envType,
  Account: account,
  Definition: definition,
  Application: application,
  Environment: environment,
  Value: value,
  ApplicationUserRole: roleHandler("ApplicationUserRole"),
  EnvironmentTypeUserRole: roleHandler("EnvironmentTypeUserRole"),
};

/** The document export writes for one server object (apply reads it back unchanged). */
export function documentOf(c: Current): Obj {
  return humctlDocument(c.kind, c.metadata, c.entity);
}
