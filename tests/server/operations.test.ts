import { openTestDb, queryRow, queryRows } from "../test-db";
import { describe, expect, it } from "vitest";
import { listAudit } from "@/lib/server/data/audit";
import { getApplication, listApplications } from "@/lib/server/data/apps";
import { listUserBindings } from "@/lib/server/data/users";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { SafeError } from "@/lib/server/errors";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { createEnvType } from "@/lib/server/operations/create-env-type";
import { createUser } from "@/lib/server/operations/create-user";
import { deleteApplication } from "@/lib/server/operations/delete-application";
import { deleteEnvType } from "@/lib/server/operations/delete-env-type";
import { deleteUser } from "@/lib/server/operations/delete-user";
import { runOperation } from "@/lib/server/operations/operation";
import { renameApplication } from "@/lib/server/operations/rename-application";
import { updateUserRoles } from "@/lib/server/operations/update-user-roles";
import { seedOrganisation } from "@/lib/server/seed";
import { ORG, actorFor, rowCounts, seededDb } from "./helpers";

async function refused(fn: () => unknown): Promise<SafeError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SafeError) return e;
    throw e;
  }
  throw new Error("expected the operation to be refused");
}

describe("seed", () => {
  it("creates the org, the three environment types and the demo users with their roles", async () => {
    const db = await seededDb();
    const dev = await actorFor(db, "developer@baton.local");
    expect(dev.orgRole).toBe("member");
    expect(dev.deployerEnvTypes.sort()).toEqual(["development", "staging"]);
    expect((await actorFor(db, "manager@baton.local")).orgRole).toBe("manager");
    expect((await actorFor(db, "admin@example.com")).orgRole).toBe("administrator");
    expect((await queryRows(db, "SELECT id FROM env_types ORDER BY id"))).toEqual([{ id: "development" }, { id: "production" }, { id: "staging" }]);
  });
});

describe("seed with BATON_ADMIN_TOKEN", () => {
  it("registers the token hashed, for the administrator", async () => {
    const { hashApiToken } = await import("@/lib/server/auth/api-token");
    const db = await openTestDb();
    const token = "ci-token-0123456789abcdef";
    const r = await seedOrganisation(db, { orgId: ORG, orgName: "T", adminEmail: "a@example.com", adminPassword: "admin-password", adminToken: token, demo: false });
    const rows = (await queryRows(db, "SELECT user_id, token_hash FROM api_tokens"));
    expect(rows).toEqual([{ user_id: r.adminUserId, token_hash: hashApiToken(token) }]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("applications", () => {
  it("creating an app creates its development environment, makes the creator owner and audits it", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    const app = await runOperation(createApplication, { id: "shop", name: "Shop" }, { db, actor: admin, requestId: "r1" });
    expect(app.envs.map((e) => [e.id, e.type])).toEqual([["development", "development"]]);
    expect((await listUserBindings(db, ORG, admin.userId)).apps).toEqual([{ appId: "shop", role: "owner" }]);
    const [entry] = await listAudit(db, ORG);
    expect(entry).toMatchObject({ action: "app.create", target: "app/shop", actorEmail: "admin@example.com", requestId: "r1" });
  });

  it.each([
    [{ id: "ab" }, "id", "at least 3"],
    [{ id: "Shop" }, "id", "not valid"],
    [{ id: "shop-" }, "id", "not valid"],
    [{ id: "a".repeat(51) }, "id", "at most 50"],
    [{}, "id", "required"],
    [{ id: "shop", name: "" }, "name", "required"],
  ])("refuses bad input %j naming the field, writing nothing", async (input, field, text) => {
    const db = await seededDb();
    const before = await rowCounts(db);
    const err = await refused(async () => await runOperation(createApplication, input, { db, actor: (await actorFor(db, "admin@example.com")) }));
    expect(err.code).toBe("invalid");
    expect(err.details?.fields?.[0].field).toBe(field);
    expect(err.message).toContain(text);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("refuses a duplicate id with a clear message and writes nothing", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const before = await rowCounts(db);
    const err = await refused(async () => await runOperation(createApplication, { id: "shop" }, { db, actor: admin }));
    expect(err.code).toBe("conflict");
    expect(err.message).toBe('An application with id "shop" already exists');
    expect(await rowCounts(db)).toEqual(before);
  });

  it("rolls back every write when the operation fails half-way", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(deleteEnvType, { id: "development" }, { db, actor: admin });
    const before = await rowCounts(db);
    const err = await refused(async () => await runOperation(createApplication, { id: "shop" }, { db, actor: admin }));
    expect(err.message).toContain('Environment type "development" does not exist');
    expect(await rowCounts(db)).toEqual(before);
    expect(await getApplication(db, ORG, "shop")).toBeUndefined();
  });

  it("forbids a viewer or member from creating apps", async () => {
    const db = await seededDb();
    const err = await refused(async () => await runOperation(createApplication, { id: "shop" }, { db, actor: (await actorFor(db, "developer@baton.local")) }));
    expect(err.code).toBe("forbidden");
  });

  it("deletion needs the id typed to confirm", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const err = await refused(async () => await runOperation(deleteApplication, { id: "shop", confirm: "sho" }, { db, actor: admin }));
    expect(err.details?.fields?.[0].field).toBe("confirm");
    await runOperation(deleteApplication, { id: "shop", confirm: "shop" }, { db, actor: admin });
    expect(await listApplications(db, ORG)).toEqual([]);
    expect((await queryRow(db, "SELECT count(*) n FROM environments"))).toEqual({ n: 0 });
  });

  it("renaming is for owners", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    expect((await runOperation(renameApplication, { id: "shop", name: "The Shop" }, { db, actor: admin })).name).toBe("The Shop");
    expect((await refused(async () => await runOperation(renameApplication, { id: "shop", name: "X" }, { db, actor: (await actorFor(db, "manager@baton.local")) }))).code).toBe("forbidden");
  });

  it("members see only the apps they hold a role on", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    await runOperation(createApplication, { id: "blog" }, { db, actor: admin });
    const dev = await actorFor(db, "developer@baton.local");
    expect(await visibleApplications(db, dev)).toEqual([]);
    await runOperation(updateUserRoles, { userId: dev.userId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development"] }, { db, actor: admin });
    expect((await visibleApplications(db, await actorFor(db, "developer@baton.local"))).map((a) => a.id)).toEqual(["shop"]);
    expect((await visibleApplications(db, await actorFor(db, "manager@baton.local"))).map((a) => a.id)).toEqual(["blog", "shop"]);
  });
});

describe("environments", () => {
  it("developers with deployer on the type create environments; others are refused", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const dev = await actorFor(db, "developer@baton.local");
    await runOperation(updateUserRoles, { userId: dev.userId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development", "staging"] }, { db, actor: admin });
    const devNow = await actorFor(db, "developer@baton.local");
    expect((await runOperation(createEnvironment, { appId: "shop", id: "staging", type: "staging" }, { db, actor: devNow })).type).toBe("staging");
    expect((await refused(async () => await runOperation(createEnvironment, { appId: "shop", id: "prod", type: "production" }, { db, actor: devNow }))).code).toBe("forbidden");
    const dup = await refused(async () => await runOperation(createEnvironment, { appId: "shop", id: "staging", type: "staging" }, { db, actor: admin }));
    expect(dup.message).toBe('Application "shop" already has an environment "staging"');
    const unknownType = await refused(async () => await runOperation(createEnvironment, { appId: "shop", id: "qa", type: "qa" }, { db, actor: admin }));
    expect(unknownType.details?.fields?.[0].field).toBe("type");
    expect((await refused(async () => await runOperation(createEnvironment, { appId: "shop", id: "x", type: "staging" }, { db, actor: admin }))).message).toContain("at least 2");
  });
});

describe("environment types and users", () => {
  it("an env type in use cannot be deleted", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    await runOperation(createEnvType, { id: "qa" }, { db, actor: admin });
    await runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    expect((await refused(async () => await runOperation(deleteEnvType, { id: "development" }, { db, actor: admin }))).message).toContain("shop/development");
    await runOperation(deleteEnvType, { id: "qa" }, { db, actor: admin });
  });

  it("creates users with hashed passwords; managers cannot create administrators; the last admin stays", async () => {
    const db = await seededDb();
    const admin = await actorFor(db, "admin@example.com");
    const manager = await actorFor(db, "manager@baton.local");
    const u = await runOperation(createUser, { email: "Eve@Example.com", name: "Eve", password: "eve-password", orgRole: "viewer" }, { db, actor: manager });
    expect(u.email).toBe("eve@example.com");
    expect(JSON.stringify((await queryRows(db, "SELECT * FROM users")))).not.toContain("eve-password");
    expect((await refused(async () => await runOperation(createUser, { email: "x@example.com", name: "X", password: "xxxxxxxx", orgRole: "administrator" }, { db, actor: manager }))).code).toBe("forbidden");
    expect((await refused(async () => await runOperation(createUser, { email: "eve@example.com", name: "E", password: "xxxxxxxx", orgRole: "viewer" }, { db, actor: admin }))).code).toBe("conflict");
    expect((await refused(async () => await runOperation(updateUserRoles, { userId: admin.userId, orgRole: "member" }, { db, actor: admin }))).message).toContain("at least one administrator");
    expect((await refused(async () => await runOperation(deleteUser, { userId: admin.userId }, { db, actor: admin }))).message).toContain("own account");
    const unknownApp = await refused(async () => await runOperation(updateUserRoles, { userId: u.id, orgRole: "member", appRoles: [{ appId: "nope", role: "owner" }] }, { db, actor: admin }));
    expect(unknownApp.details?.fields?.[0].field).toBe("appRoles.0.appId");
  });
});
