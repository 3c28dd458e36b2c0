/**
 * Sign-in does the same password work whether or not the account exists (no timing test:
 * the behaviour is that the scrypt verifier runs, checked by spying on it).
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { users } from "@/db/tables";
import { authOptions } from "@/lib/server/auth/auth-options";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { getConfig } from "@/lib/server/config";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { seedOrganisation } from "@/lib/server/seed";
import { openTestDb } from "../test-db";

vi.mock("@/lib/server/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/server/auth/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

afterEach(() => {
  vi.restoreAllMocks();
  setRuntimeForTests(undefined);
});

describe("verifyPassword", () => {
  it("derives one scrypt key with the real cost parameters, whether or not there is a usable hash", async () => {
    const { verifyPassword: real } = await vi.importActual<typeof import("@/lib/server/auth/password")>("@/lib/server/auth/password");
    const stored = hashPassword("correct horse");
    const scrypt = vi.spyOn(crypto, "scryptSync");
    const cases: [string | null | undefined, boolean][] = [
      [stored, true],
      [null, false],
      [undefined, false],
      ["garbage", false],
      ["bcrypt$2b$10$abc$def", false],
    ];
    for (const [encoded, expected] of cases) {
      scrypt.mockClear();
      expect(real("correct horse", encoded)).toBe(expected);
      expect(scrypt).toHaveBeenCalledTimes(1);
      expect(scrypt.mock.calls[0]![2]).toBe(32);
      expect(scrypt.mock.calls[0]![3]).toEqual({ N: 16384, r: 8, p: 1 });
    }
    expect(real("wrong horse", stored)).toBe(false);
  });
});

describe("credentials sign-in (authorize)", () => {
  const orgId = getConfig().BATON_ORG_ID;
  const authorize = async (email: string, password: string) => {
    const provider = (await authOptions()).providers[0] as unknown as { options: { authorize(c: Record<string, string>, req: unknown): unknown } };
    return await provider.options.authorize({ email, password }, {});
  };
  let db: Db;

  beforeEach(async () => {
    db = await openTestDb();
    await seedOrganisation(db, { orgId, orgName: "Test Org", adminEmail: "admin@example.com", adminPassword: "admin-password", demo: false });
    setRuntimeForTests({ db, secrets: createSecretBox(crypto.randomBytes(32)) });
    vi.mocked(verifyPassword).mockClear();
  });

  it("an unknown email runs the password verifier (against a dummy hash) before refusing", async () => {
    expect(await authorize(`nobody-${crypto.randomUUID()}@example.com`, "admin-password")).toBeNull();
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(verifyPassword).toHaveBeenCalledWith("admin-password", null);
  });

  it("a disabled account runs the verifier the same way and is refused even with its right password", async () => {
    await db.update(users).set({ disabled: true }).where(eq(users.email, "admin@example.com"));
    expect(await authorize("admin@example.com", "admin-password")).toBeNull();
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(verifyPassword).toHaveBeenCalledWith("admin-password", null);
  });

  it("a known account: one verification against its hash; wrong password refused, right one signs in", async () => {
    expect(await authorize("admin@example.com", "not-the-password")).toBeNull();
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(vi.mocked(verifyPassword).mock.calls[0]![1]).toMatch(/^scrypt\$/);
    expect(await authorize("admin@example.com", "admin-password")).toMatchObject({ email: "admin@example.com" });
    expect(verifyPassword).toHaveBeenCalledTimes(2);
  });
});
