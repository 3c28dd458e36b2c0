import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/server/auth/session";
import { openApiDocument } from "@/lib/server/api/openapi";

export const metadata: Metadata = { title: "REST API" };

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { description?: string; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}
interface Doc {
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  put: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  patch: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  delete: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-200",
};

/** A schema in one line: a component's name, `array of X`, or the type. */
function schemaLabel(s: Schema | undefined): string {
  if (!s) return "";
  if (typeof s.$ref === "string") return s.$ref.split("/").pop()!;
  if (s.type === "array") return `array of ${schemaLabel(s.items as Schema)}`;
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map(String).join(" | ");
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(schemaLabel).join(" | ");
  return String(s.type ?? "any");
}

function Properties({ schema }: { schema: Schema }) {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(props).length === 0) return <p className="font-mono text-xs">{schemaLabel(schema)}</p>;
  return (
    <table className="w-full text-xs">
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {Object.entries(props).map(([name, p]) => (
          <tr key={name}>
            <td className="py-1 pr-3 align-top font-mono">
              {name}
              {required.has(name) ? <span className="text-rose-600">*</span> : null}
            </td>
            <td className="py-1 pr-3 align-top font-mono text-zinc-500">{schemaLabel(p)}{p.nullable ? " | null" : ""}</td>
            <td className="py-1 align-top">{typeof p.description === "string" ? p.description : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The OpenAPI document at /api/v1/openapi.json, readable: every path, method and schema. */
export default async function ApiDocsPage() {
  await requireActor();
  const doc = openApiDocument() as unknown as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map((o) => o.op.tags[0]))].sort();
  return (
    <>
      <PageHeader title="REST API" description="Base URL /api/v1 — the machine-readable document is /api/v1/openapi.json." />
      <Card>
        <p className="text-sm">{doc.info.description}</p>
        <p className="mt-2 text-sm">
          Example: <code className="font-mono text-xs">curl -H &quot;Authorization: Bearer $BATON_TOKEN&quot; {"<server>"}/api/v1/orgs/{"<org>"}/apps</code>
        </p>
      </Card>
      {tags.map((tag) => (
        <section key={tag} className="mt-6" aria-label={tag}>
          <h2 className="mb-2 text-lg font-semibold">{tag}</h2>
          <div className="space-y-3">
            {operations
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => {
                // Most bodies are JSON; a few (a pipeline's YAML) are documents of another type.
                const [bodyType, bodyContent] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
                const body = bodyType === "application/json" ? bodyContent?.schema : undefined;
                const bodySchema = body && typeof body.$ref === "string" ? doc.components.schemas[body.$ref.split("/").pop()!] : body;
                return (
                  <Card key={`${method} ${path}`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
                      <code className="font-mono text-sm">{path}</code>
                      <span className="text-sm text-zinc-600 dark:text-zinc-400">{op.summary}</span>
                    </div>
                    {op.description ? <p className="mt-2 text-sm">{op.description}</p> : null}
                    {op.parameters && op.parameters.length > 0 ? (
                      <div className="mt-3">
                        <h3 className="text-xs font-medium uppercase text-zinc-500">Parameters</h3>
                        <ul className="mt-1 text-xs">
                          {op.parameters.map((p) => (
                            <li key={`${p.in}:${p.name}`}>
                              <span className="font-mono">{p.name}</span> <span className="text-zinc-500">({p.in}{p.required ? ", required" : ""}, {schemaLabel(p.schema)})</span>
                              {p.description ? ` — ${p.description}` : ""}
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    {bodySchema ? (
                      <div className="mt-3">
                        <h3 className="text-xs font-medium uppercase text-zinc-500">Body</h3>
                        <Properties schema={bodySchema} />
                      </div>
                    ) : bodyType ? (
                      <div className="mt-3">
                        <h3 className="text-xs font-medium uppercase text-zinc-500">Body</h3>
                        <p className="mt-1 text-xs">
                          <span className="font-mono">{bodyType}</span>
                          {op.requestBody?.description ? ` — ${op.requestBody.description}` : ""}
                        </p>
                      </div>
                    ) : null}
                    <div className="mt-3">
                      <h3 className="text-xs font-medium uppercase text-zinc-500">Responses</h3>
                      <ul className="mt-1 text-xs">
                        {Object.entries(op.responses).map(([status, r]) => (
                          <li key={status}>
                            <span className="font-mono">{status}</span> {r.description}
                            {r.content ? <span className="font-mono text-zinc-500"> — {Object.values(r.content).map((c) => schemaLabel(c.schema)).join(", ")}</span> : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </Card>
                );
              })}
          </div>
        </section>
      ))}
      <section className="mt-8" aria-label="Schemas">
        <h2 className="mb-2 text-lg font-semibold">Schemas</h2>
        <div className="space-y-3">
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <Card key={name}>
              <h3 id={`schema-${name}`} className="mb-2 font-mono text-sm font-semibold">{name}</h3>
              <Properties schema={schema} />
            </Card>
          ))}
        </div>
      </section>
    </>
  );
}
