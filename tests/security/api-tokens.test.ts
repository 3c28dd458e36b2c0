import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticateToken } from "@/lib/server/api/auth";
import { hashApiToken } from "@/lib/server/auth/api-token";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { runOperation } from "@/lib/server/operations/operation";
import { actorFor, seededDb } from "../server/helpers";
import { queryRows } from "../test-db";

/** API tokens: stored as hashes only, compared in constant time, refused uniformly. */
describe("API token checks", () => {
  afterEach(() => vi.restoreAllMocks());

  it("stores only the sha256 of a token, and authenticates through crypto.timingSafeEqual", async () => {
    const db = await seededDb();
    const { token } = await runOperation(createApiToken, { description: "t" }, { db, actor: (await actorFor(db, "admin@example.com")), requestId: "t" });
    const stored = JSON.stringify(await queryRows(db, "SELECT * FROM api_tokens"));
    expect(stored).not.toContain(token);
    expect(stored).toContain(hashApiToken(token));
    const spy = vi.spyOn(crypto, "timingSafeEqual");
    expect((await authenticateToken(db, token)).actor.email).toBe("admin@example.com");
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(a.length).toBe(32);
    expect(b.length).toBe(32);
  });

  it("refuses near misses with the same message, whatever prefix matched", async () => {
    const db = await seededDb();
    const { token } = await runOperation(createApiToken, { description: "t" }, { db, actor: (await actorFor(db, "admin@example.com")), requestId: "t" });
    const variants = [token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"), "x" + token.slice(1), token + "x", token.slice(0, 10), ""];
    for (const v of variants) {
      let message = "";
      try {
        await authenticateToken(db, v || undefined);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(v ? /^The API token is not valid$/ : /Missing API token/);
    }
  });
});
