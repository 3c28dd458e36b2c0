import { describe, expect, it } from "vitest";
import { completionContext, suggestions } from "@/components/score-editor/completions";
import { newWorkloadTemplate } from "@/lib/engine/score/new-workload-template";
import { loadScore } from "@/lib/engine/score";
import { listWorkloadVersions, listWorkloads } from "@/lib/server/data/workloads";
import { SafeError } from "@/lib/server/errors";
import { createApplication } from "@/lib/server/operations/create-application";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { ORG, actorFor, rowCounts, seededDb } from "./helpers";

async function setup() {
  const db = await seededDb();
  const admin = await actorFor(db, "admin@example.com");
  await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
  return { db, admin, save: async (input: object) => await runOperation(saveWorkloadVersion, { appId: "shop", ...input }, { db, actor: admin }) };
}

describe("workload versions", () => {
  it("the new-workload template is a valid Score file with a container, a port and a postgres resource", () => {
    const { workload, errors } = loadScore(newWorkloadTemplate());
    expect(errors).toEqual([]);
    expect(Object.keys(workload!.containers)).toEqual(["main"]);
    expect(workload!.service?.ports?.www.port).toBe(80);
    expect(workload!.resources?.db.type).toBe("postgres");
  });

  it("creates a version only when the content changed", async () => {
    const { db, save } = await setup();
    const text = newWorkloadTemplate("api");
    expect(await save({ scoreYaml: text, message: "first" })).toMatchObject({ workloadId: "api", version: 1, created: true, valid: true });
    expect(await save({ workloadId: "api", scoreYaml: text })).toMatchObject({ version: 1, created: false });
    expect(await save({ workloadId: "api", scoreYaml: text.replace('"8080"', '"9090"') })).toMatchObject({ version: 2, created: true });
    const versions = await listWorkloadVersions(db, ORG, "shop", "api");
    expect(versions.map((v) => [v.version, v.message, v.createdBy])).toEqual([
      [2, "", "admin@example.com"],
      [1, "first", "admin@example.com"],
    ]);
  });

  it("keeps invalid Score as a non-deployable draft with its errors", async () => {
    const { db, save } = await setup();
    const bad = newWorkloadTemplate("api") + "unknownField: true\n";
    const r = await save({ scoreYaml: bad });
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ field: "unknownField", line: 18 });
    expect(await listWorkloads(db, ORG, "shop")).toEqual([expect.objectContaining({ id: "api", latestVersion: 1, valid: false })]);
    // A YAML syntax error in an existing workload is still saved as its draft.
    expect(await save({ workloadId: "api", scoreYaml: "metadata: [" })).toMatchObject({ version: 2, valid: false });
  });

  it("refuses a file without a workload name, a renamed workload and a duplicate new workload — writing nothing", async () => {
    const { db, save } = await setup();
    await save({ scoreYaml: newWorkloadTemplate("api") });
    const before = await rowCounts(db);
    for (const [input, text] of [
      [{ scoreYaml: "apiVersion: score.dev/v1b1\n" }, "metadata.name"],
      [{ workloadId: "api", scoreYaml: newWorkloadTemplate("web") }, 'this is workload "api"'],
      [{ scoreYaml: newWorkloadTemplate("api") }, 'already has a workload "api"'],
    ] as const) {
      let err: unknown;
      try {
        await save(input);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SafeError);
      expect((err as Error).message).toContain(text);
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it("is for developers of the app", async () => {
    const { db } = await setup();
    const manager = await actorFor(db, "manager@baton.local");
    await expect(runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: newWorkloadTemplate() }, { db, actor: manager })).rejects.toThrowError('Editing workloads of application "shop" needs the developer or owner role on application "shop" (you have no role there).');
  });
});

describe("editor completion", () => {
  const types = [
    { type: "postgres", outputs: ["host", "port", "username", "password"] },
    { type: "redis", outputs: ["host", "port"] },
  ];
  const doc = "resources:\n  db:\n    type: postgres\n  cache:\n    type: redis\n";

  it("offers resource types after `type:`", () => {
    expect(completionContext("    type: po")).toEqual({ kind: "resource-type", typed: "po" });
    expect(suggestions(completionContext("    type: "), doc, types).map((s) => s.label)).toEqual(["postgres", "redis"]);
  });

  it("offers the workload's resource names, then the type's output keys, inside ${resources.", () => {
    expect(suggestions(completionContext("      URL: ${resources."), doc, types).map((s) => s.label)).toEqual(["db", "cache"]);
    expect(suggestions(completionContext("      URL: ${resources.db."), doc, types).map((s) => s.label)).toEqual(["host", "port", "username", "password"]);
    expect(suggestions(completionContext("      URL: ${resources.cache.ho"), doc, types).map((s) => s.label)).toEqual(["host", "port"]);
    expect(completionContext("      URL: plain")).toBeUndefined();
  });
});
