import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "@/lib/cli/main";

const dir = mkdtempSync(path.join(tmpdir(), "baton-plan-"));
const score = path.join(dir, "score.yaml");
writeFileSync(
  score,
  `apiVersion: score.dev/v1b1
metadata:
  name: api
containers:
  main:
    image: .
    variables:
      DB_PASSWORD: \${resources.db.password}
      MOTD: \${resources.env.MOTD}
service:
  ports:
    web:
      port: 80
resources:
  db:
    type: postgres
  env:
    type: environment
`,
);
const values = path.join(dir, "values.yaml");
writeFileSync(values, "MOTD: hello\nTOKEN:\n  secret: very-secret\n");
const defs = path.join(dir, "defs.yaml");
writeFileSync(
  defs,
  `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: static-db
entity:
  name: static-db
  type: postgres
  driver_type: humanitec/echo
  driver_inputs:
    values: { host: db.example, port: 5432 }
    secrets: { password: pa55word-in-echo }
  criteria:
    - env_type: development
`,
);

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  process.exitCode = undefined;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const base = ["node", "baton", "plan", "-f", score, "--app", "shop", "--env", "dev", "--env-type", "development", "--values", values];

describe("baton plan", () => {
  it("prints graph, objects and errors with secrets masked, exit 0", async () => {
    const code = await main([...base, "--definitions", defs, "--image", "api:1"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(["graph", "objects", "errors"]);
    expect(doc.errors).toEqual([]);
    const db = doc.graph.nodes.find((n: { type: string }) => n.type === "postgres");
    expect(db).toEqual({
      res_id: "modules.api.externals.db",
      type: "postgres",
      class: "default",
      def_id: "static-db",
      driver_type: "humanitec/echo",
      depends_on: [],
      outputs: { values: { host: "db.example", port: 5432 }, secrets: { password: "***" } },
    });
    const workload = doc.graph.nodes.find((n: { type: string }) => n.type === "workload");
    expect(workload.depends_on).toEqual(["postgres.default#modules.api.externals.db"]);
    expect(out).not.toContain("pa55word-in-echo");
    const secret = doc.objects.find((o: { kind: string; metadata: { name: string } }) => o.kind === "Secret" && o.metadata.name === "api-env");
    expect(Object.values(secret.data)).toEqual(["***"]);
  });

  it("uses the in-cluster pack when no definition matches, and YAML output works", async () => {
    const code = await main([...base, "--image", "api:1", "-o", "yaml"]);
    expect(code).toBe(0);
    expect(out).toContain("def_id: incluster-postgres");
    expect(out).toMatch(/^graph:/);
  });

  it("exit 1 with the document when the plan has errors", async () => {
    const code = await main([...base, "--definitions", defs]);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.errors.some((e: { message: string }) => e.message.includes("has no image and --image was not provided"))).toBe(true);
  });

  it("--no-builtins: an unmatched namespace and cluster are errors", async () => {
    const code = await main([...base, "--definitions", defs, "--image", "api:1", "--no-builtins"]);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.errors.filter((e: { code: string }) => e.code === "no-match").map((e: { object_id: string }) => e.object_id).sort()).toEqual([
      "k8s-cluster.default#k8s-cluster",
      "k8s-namespace.default#k8s-namespace",
    ]);
  });

  it("exit 2 for usage errors", async () => {
    expect(await main(["node", "baton", "plan", "-f", score, "--env", "dev", "--env-type", "development"])).toBe(2);
    expect(await main([...base, "--definitions", path.join(dir, "missing.yaml")])).toBe(2);
    expect(err).toContain("does not exist");
  });
});
