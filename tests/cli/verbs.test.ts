/**
 * The CLI's runtime, artefact and pipeline verbs against the real API (route handlers in this
 * process) with the real deploy and pipeline workers: app shop, development deployed to a
 * GitOps cluster (so Baton cannot read its runtime), production empty.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi } from "../server/api/harness";
import { settle, world, type World } from "../server/pipelines-world";
import { PROMOTE } from "../engine/pipelines/fixtures";
import { baton, routeFetchToHandlers, tempDir } from "./helpers";

let w: World;
let env: Record<string, string>;
const PIPELINE = "promote-with-approval";
const DIGEST = `sha256:${"ab".repeat(32)}`;

beforeAll(async () => {
  w = await world();
  const dir = tempDir();
  env = { BATON_CONFIG: path.join(dir, "config.yaml"), BATON_URL: "http://baton.test", BATON_TOKEN: w.h.tokens.admin, BATON_ORG: ORG, BATON_APP: "shop" };
  routeFetchToHandlers();
  // A pipeline input, so --input has something to type.
  const yaml = PROMOTE.replace("pipeline_call: {}", "pipeline_call:\n    inputs:\n      ticket: { type: number, description: Change ticket }");
  const created = await callApi("POST", `/orgs/${ORG}/apps/shop/pipelines`, { token: w.h.tokens.admin, rawBody: yaml, headers: { "content-type": "application/x-yaml" } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  setFetchForTests(undefined);
  await w?.stop();
  setRuntimeForTests(undefined);
});

describe("baton get runtime", () => {
  it("says clearly that an environment's runtime is unknown, and why; -o json is the API document", async () => {
    const table = await baton(["get", "runtime", "--env", "development"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Runtime of shop\/development is unknown: .+\n$/);
    const json = await baton(["get", "runtime", "--env", "development", "-o", "json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ namespace: expect.any(String), modules: {}, state: "unknown", message: expect.any(String) });
    const all = await baton(["get", "runtime"], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^ENV +STATUS +PAUSED +WHY UNKNOWN\n/);
    expect(all.stdout).toMatch(/\ndevelopment +Unknown +no +\S/);
    expect(all.stdout).toMatch(/\nproduction +Unknown +no/);
    const logs = await baton(["logs", "web", "--env", "development"], env);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toMatch(/^error: Runtime of shop\/development is unknown: .*; no logs to read\n$/);
    expect((await baton(["logs", "web", "--env", "development", "--tail", "0"], env)).stderr).toContain("--tail must be a whole number from 1 to 5000");
    expect((await baton(["logs", "web"], env)).stderr).toContain("No environment: pass --env ENV");
  });
});

describe("baton create artefact-version / get artefacts / get artefact-versions", () => {
  it("registers a container image version and lists it, all of them or by name", async () => {
    const args = ["create", "artefact-version", "--name", "registry.example/shop/web", "--version", "1.4.2", "--digest", DIGEST, "--commit", "0123456789abcdef", "--ref", "refs/heads/main"];
    const created = await baton([...args, "-o", "json"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ type: "container", name: "registry.example/shop/web", version: "1.4.2", digest: DIGEST, commit: "0123456789abcdef", ref: "refs/heads/main" });
    expect((await baton(["create", "artefact-version", "--name", "registry.example/shop/worker", "--version", "7"], env)).code).toBe(0);

    const versions = await baton(["get", "artefact-versions"], env);
    expect(versions.stdout).toMatch(/^NAME +VERSION +DIGEST +REF +COMMIT +CREATED +DEPLOYED IN\n/);
    expect(versions.stdout).toMatch(/registry\.example\/shop\/web +1\.4\.2 +sha256:abababababab… +refs\/heads\/main +0123456789ab /);
    expect(versions.stdout).toContain("registry.example/shop/worker");
    const one = await baton(["get", "artefact-versions", "registry.example/shop/web", "-o", "json"], env);
    expect((JSON.parse(one.stdout) as { version: string }[]).map((v) => v.version)).toEqual(["1.4.2"]);
    const artefacts = await baton(["get", "artefacts"], env);
    expect(artefacts.stdout).toMatch(/^NAME +TYPE +UPDATED +ID\n/);
    expect(artefacts.stdout).toMatch(/registry\.example\/shop\/web +container/);
  });

  it("registers a Score workload version from --spec", async () => {
    const file = path.join(tempDir(), "score.yaml");
    fs.writeFileSync(file, "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\n");
    const created = await baton(["create", "artefact-version", "--type", "workload", "--name", "shop-web", "--version", "3", "--spec", file, "-o", "json"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ type: "workload", name: "shop-web", version: "3" });
    expect((await baton(["get", "artefacts"], env)).stdout).toMatch(/shop-web +workload/);
    const missing = await baton(["create", "artefact-version", "--type", "workload", "--name", "x", "--spec", path.join(path.dirname(file), "nope.yaml")], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: --spec .*nope\.yaml: ENOENT/);
  });

  it("names the flag that is wrong", async () => {
    const bad = await baton(["create", "artefact-version", "--name", "x/y", "--digest", "sha256:beef"], env);
    expect(bad).toMatchObject({ code: 2, stderr: 'error: --digest must be sha256: and 64 lowercase hex digits (got "sha256:beef")\n' });
    expect((await baton(["create", "artefact-version", "--name", "x/y", "--type", "zip"], env)).stderr).toContain('--type must be container or workload (got "zip")');
    expect((await baton(["create", "artefact-version", "--name", "x/y", "--type", "workload"], env)).stderr).toContain("--type workload needs --spec SCORE_FILE");
    const missing = await baton(["create", "artefact-version", "--version", "1"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
  });
});

describe("baton pipelines, runs and approvals", () => {
  it("starts a run, shows it waiting for approval, approves it and sees it succeed", async () => {
    const pipelines = await baton(["get", "pipelines"], env);
    expect(pipelines.stdout).toMatch(new RegExp(`^ID +NAME +TRIGGERS +VERSION +CREATED\\n${PIPELINE} +Promote with approval +pipeline_call `));

    const started = await baton(["create", "pipeline-run", "--pipeline", PIPELINE, "--input", "ticket=42", "-o", "json"], env);
    expect(started.code, started.stderr).toBe(0);
    const run = JSON.parse(started.stdout) as { id: string; inputs: object };
    expect(run.inputs).toEqual({ ticket: 42 });
    expect((await settle(w, PIPELINE, run.id)).status).toBe("waiting");

    const runs = await baton(["get", "pipeline-runs"], env);
    expect(runs.stdout).toMatch(/^PIPELINE +ID +STATUS +WAITING FOR +ENVS +CREATED +MESSAGE\n/);
    expect(runs.stdout).toMatch(new RegExp(`${PIPELINE} +${run.id} +waiting +approve: approval +development,production `));
    const approvals = await baton(["get", "pipeline-approvals", "--pipeline", PIPELINE], env);
    expect(approvals.stdout).toMatch(new RegExp(`${PIPELINE} +${run.id} +approve +production +waiting +Promote development to production\\?`));

    const approved = await baton(["approve", "--pipeline", PIPELINE, "--run", run.id], env);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`${run.id} +approve +production +approved +${w.h.userIds.admin}`));
    expect((await settle(w, PIPELINE, run.id)).status).toBe("succeeded");
    const after = await baton(["get", "pipeline-runs", run.id, "--pipeline", PIPELINE, "-o", "json"], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ id: run.id, status: "succeeded", waiting_for: {} });
    const again = await baton(["approve", "--pipeline", PIPELINE, "--run", run.id], env);
    expect(again).toMatchObject({ code: 1, stderr: `error: run "${run.id}" has no approval waiting (the run is succeeded)\n` });
  }, 60_000);

  it("create pipeline-run --wait follows the run; deny without --run finds the only waiting approval; bad inputs name --input", async () => {
    const waiting = baton(["create", "pipeline-run", "--pipeline", PIPELINE, "--wait", "-o", "json"], env);
    // Deny once the run waits (and --wait, polling each second, has seen it wait); not through
    // `baton`: one in-process run at a time owns stdout.
    let runId: string | undefined;
    for (let i = 0; i < 200 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const list = await callApi("GET", `/orgs/${ORG}/apps/shop/approvals?status=waiting`, { token: w.h.tokens.admin });
      const [a] = list.body as { id: string; run_id: string; job_id: string }[];
      if (!a) continue;
      await new Promise((r) => setTimeout(r, 1500));
      const r = await callApi("POST", `/orgs/${ORG}/apps/shop/pipelines/${PIPELINE}/runs/${a.run_id}/jobs/${a.job_id}/approvals/${a.id}/deny`, { token: w.h.tokens.admin });
      expect(r.status).toBe(200);
      runId = a.run_id;
    }
    const done = await waiting;
    expect(done.code).toBe(1);
    expect(JSON.parse(done.stdout)).toMatchObject({ id: runId });
    expect(done.stderr).toMatch(new RegExp(`run ${runId} waiting \\(approve: approval\\)\\n(.*\\n)*run ${runId} failed: Job approve, promote did not succeed\\n$`));

    // `deny` with neither --run nor --pipeline: the app's only waiting approval
    const started = await baton(["create", "pipeline-run", "--pipeline", PIPELINE, "-o", "json"], env);
    const { id } = JSON.parse(started.stdout) as { id: string };
    await settle(w, PIPELINE, id);
    const deny = await baton(["deny"], env);
    expect(deny.code, deny.stderr).toBe(0);
    expect(deny.stdout).toMatch(new RegExp(`${id} +approve +production +denied`));
    expect((await settle(w, PIPELINE, id)).status).toBe("failed");
    expect((await baton(["deny"], env)).stderr).toBe('error: application "shop" has no approval waiting\n');

    const unknown = await baton(["create", "pipeline-run", "--pipeline", PIPELINE, "--input", "colour=red"], env);
    expect(unknown).toMatchObject({ code: 2, stderr: `error: --input colour=red: pipeline "${PIPELINE}" declares no input "colour" (it has ticket)\n` });
    expect((await baton(["create", "pipeline-run", "--pipeline", PIPELINE, "--input", "ticket=abc"], env)).stderr).toContain('--input ticket=abc: "ticket" is a number input');
    expect((await baton(["create", "pipeline-run", "--pipeline", PIPELINE, "--input", "ticket"], env)).stderr).toContain("--input ticket: use --input NAME=VALUE");
    expect((await baton(["create", "pipeline-run", "--pipeline", "nope"], env)).stderr).toMatch(/Pipeline "nope" of application "shop"/);
  }, 60_000);
});
