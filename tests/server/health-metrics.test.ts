import { sqliteClientOf } from "@/db/client";
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { openDb, openMemoryDb } from "@/db/client";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { createApplication } from "@/lib/server/operations/create-application";
import { runOperation } from "@/lib/server/operations/operation";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { actorFor, seededDb } from "./helpers";

const box = createSecretBox(crypto.randomBytes(32));
afterEach(() => setRuntimeForTests(undefined));

describe("GET /api/health", () => {
  it("is ok when the database answers and every migration is applied", async () => {
    setRuntimeForTests({ db: openMemoryDb(), secrets: box });
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "reachable", migrations: "current" });
  });

  it("is degraded (503) and names the pending migrations when the schema is behind", async () => {
    setRuntimeForTests({ db: openDb(":memory:"), secrets: box });
    const res = await health();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.migrations.pending[0]).toBe("0000_init");
  });

  it("is an error (503) when the database cannot be reached", async () => {
    const db = openMemoryDb();
    sqliteClientOf(db)!.close();
    setRuntimeForTests({ db, secrets: box });
    const res = await health();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", database: "unreachable" });
  });
});

describe("GET /api/metrics", () => {
  it("serves Prometheus text with process metrics and domain gauges", async () => {
    const db = await seededDb();
    await runOperation(createApplication, { id: "shop" }, { db, actor: (await actorFor(db, "admin@example.com")) });
    setRuntimeForTests({ db, secrets: box });
    const res = await metrics();
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE baton_applications gauge\nbaton_applications 1\n");
    expect(text).toContain("baton_environments 1\n");
    expect(text).toContain("baton_deployments 0\n");
    expect(text).toMatch(/baton_process_cpu_seconds_total \d/);
  });
});
