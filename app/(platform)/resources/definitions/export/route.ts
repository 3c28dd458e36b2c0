import { can } from "@/lib/server/auth/permissions";
import { currentActor } from "@/lib/server/auth/session";
import { exportDefinitionsYaml } from "@/lib/server/data/definition-export";
import { getDefinition } from "@/lib/server/data/definitions";
import { getRuntime } from "@/lib/server/runtime";

/**
 * humctl YAML of one definition (`?id=`) or all of them. Secret inputs are write-only, so the
 * download leaves them out; importing it back keeps the stored secrets.
 */
export async function GET(request: Request) {
  const actor = await currentActor();
  if (!actor) return new Response("sign in first\n", { status: 401 });
  if (!can(actor, { action: "org.view" })) return new Response("forbidden\n", { status: 403 });
  const { db, secrets } = await getRuntime();
  const id = new URL(request.url).searchParams.get("id");
  if (id && !(await getDefinition(db, actor.orgId, id))) return new Response(`resource definition "${id}" was not found\n`, { status: 404 });
  const yaml = await exportDefinitionsYaml(db, secrets, actor.orgId, id ? [id] : undefined, { secrets: "omit" });
  return new Response(yaml, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${id ?? "definitions"}.yaml"` },
  });
}
