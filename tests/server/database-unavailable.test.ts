import net from "node:net";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { databaseUnavailable, SafeError } from "@/lib/server/errors";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { callApi } from "./api/harness";

/** A port on which nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  return await new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterAll(() => setRuntimeForTests(undefined));

describe("an unreachable database", () => {
  it("is recognised in the driver's error, however wrapped", async () => {
    const pool = new pg.Pool({ connectionString: `postgres://baton@127.0.0.1:${await closedPort()}/baton`, connectionTimeoutMillis: 2000 });
    const err = await pool.query("SELECT 1").catch((e: unknown) => e);
    await pool.end();
    expect(databaseUnavailable(err)).toBeInstanceOf(SafeError);
    expect(databaseUnavailable(new Error("query failed", { cause: err }))?.code).toBe("unavailable");
    expect(databaseUnavailable(new Error("duplicate key value violates unique constraint"))).toBeUndefined();
  });

  it("answers API requests with 503, a clear message and Retry-After", async () => {
    const pool = new pg.Pool({ connectionString: `postgres://baton@127.0.0.1:${await closedPort()}/baton`, connectionTimeoutMillis: 2000 });
    setRuntimeForTests({ db: drizzle(pool) as unknown as Db, secrets: createSecretBox(Buffer.alloc(32, 7)) });
    const res = await callApi("GET", "/orgs/default/apps", { token: "any-token-at-all-0123456789" });
    await pool.end();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: "API-503", message: "The database is unavailable right now; try again in a few seconds" });
    expect(res.headers.get("retry-after")).toBe("5");
  });
});
