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

function refused(fn: () => unknown): SafeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SafeError) return e;
    throw e;
  }
  throw new Error("expected the operation to be refused");
}

describe("seed", () => {
  it("creates the org, the three environment types and the demo users with their roles", () => {
    const db = seededDb();
    const dev = actorFor(db, "developer@baton.local");
    expect(dev.orgRole).toBe("member");
    expect(dev.deployerEnvTypes.sort()).toEqual(["development", "staging"]);
    expect(actorFor(db, "manager@baton.local").orgRole).toBe("manager");
    expect(actorFor(db, "admin@example.com").orgRole).toBe("administrator");
    expect(db.$client.prepare("SELECT id FROM env_types ORDER BY id").all()).toEqual([{ id: "development" }, { id: "production" }, { id: "staging" }]);
  });
});

describe("seed with BATON_ADMIN_TOKEN", () => {
  it("registers the token hashed, for the administrator", async () => {
    const { openMemoryDb } = await import("@/db/client");
    const { hashApiToken } = await import("@/lib/server/auth/api-token");
    const db = openMemoryDb();
    const token = "ci-token-0123456789abcdef";
    const r = seedOrganisation(db, { orgId: ORG, orgName: "T", adminEmail: "a@example.com", adminPassword: "admin-password", adminToken: token, demo: false });
    const rows = db.$client.prepare("SELECT user_id, token_hash FROM api_tokens").all();
    expect(rows).toEqual([{ user_id: r.adminUserId, token_hash: hashApiToken(token) }]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("applications", () => {
  it("creating an app creates its development environment, makes the creator owner and audits it", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    const app = runOperation(createApplication, { id: "shop", name: "Shop" }, { db, actor: admin, requestId: "r1" });
    expect(app.envs.map((e) => [e.id, e.type])).toEqual([["development", "development"]]);
    expect(listUserBindings(db, ORG, admin.userId).apps).toEqual([{ appId: "shop", role: "owner" }]);
    const [entry] = listAudit(db, ORG);
    expect(entry).toMatchObject({ action: "app.create", target: "app/shop", actorEmail: "admin@example.com", requestId: "r1" });
  });

  it.each([
    [{ id: "ab" }, "id", "at least 3"],
    [{ id: "Shop" }, "id", "not valid"],
    [{ id: "shop-" }, "id", "not valid"],
    [{ id: "a".repeat(51) }, "id", "at most 50"],
    [{}, "id", "required"],
    [{ id: "shop", name: "" }, "name", "required"],
  ])("refuses bad input %j naming the field, writing nothing", (input, field, text) => {
    const db = seededDb();
    const before = rowCounts(db);
    const err = refused(() => runOperation(createApplication, input, { db, actor: actorFor(db, "admin@example.com") }));
    expect(err.code).toBe("invalid");
    expect(err.details?.fields?.[0].field).toBe(field);
    expect(err.message).toContain(text);
    expect(rowCounts(db)).toEqual(before);
  });

  it("refuses a duplicate id with a clear message and writes nothing", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const before = rowCounts(db);
    const err = refused(() => runOperation(createApplication, { id: "shop" }, { db, actor: admin }));
    expect(err.code).toBe("conflict");
    expect(err.message).toBe('An application with id "shop" already exists');
    expect(rowCounts(db)).toEqual(before);
  });

  it("rolls back every write when the operation fails half-way", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(deleteEnvType, { id: "development" }, { db, actor: admin });
    const before = rowCounts(db);
    const err = refused(() => runOperation(createApplication, { id: "shop" }, { db, actor: admin }));
    expect(err.message).toContain('Environment type "development" does not exist');
    expect(rowCounts(db)).toEqual(before);
    expect(getApplication(db, ORG, "shop")).toBeUndefined();
  });

  it("forbids a viewer or member from creating apps", () => {
    const db = seededDb();
    const err = refused(() => runOperation(createApplication, { id: "shop" }, { db, actor: actorFor(db, "developer@baton.local") }));
    expect(err.code).toBe("forbidden");
  });

  it("deletion needs the id typed to confirm", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const err = refused(() => runOperation(deleteApplication, { id: "shop", confirm: "sho" }, { db, actor: admin }));
    expect(err.details?.fields?.[0].field).toBe("confirm");
    runOperation(deleteApplication, { id: "shop", confirm: "shop" }, { db, actor: admin });
    expect(listApplications(db, ORG)).toEqual([]);
    expect(db.$client.prepare("SELECT count(*) n FROM environments").get()).toEqual({ n: 0 });
  });

  it("renaming is for owners", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    expect(runOperation(renameApplication, { id: "shop", name: "The Shop" }, { db, actor: admin }).name).toBe("The Shop");
    expect(refused(() => runOperation(renameApplication, { id: "shop", name: "X" }, { db, actor: actorFor(db, "manager@baton.local") })).code).toBe("forbidden");
  });

  it("members see only the apps they hold a role on", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    runOperation(createApplication, { id: "blog" }, { db, actor: admin });
    const dev = actorFor(db, "developer@baton.local");
    expect(visibleApplications(db, dev)).toEqual([]);
    runOperation(updateUserRoles, { userId: dev.userId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development"] }, { db, actor: admin });
    expect(visibleApplications(db, actorFor(db, "developer@baton.local")).map((a) => a.id)).toEqual(["shop"]);
    expect(visibleApplications(db, actorFor(db, "manager@baton.local")).map((a) => a.id)).toEqual(["blog", "shop"]);
  });
});

describe("environments", () => {
  it("developers with deployer on the type create environments; others are refused", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    const dev = actorFor(db, "developer@baton.local");
    runOperation(updateUserRoles, { userId: dev.userId, orgRole: "member", appRoles: [{ appId: "shop", role: "developer" }], deployerEnvTypes: ["development", "staging"] }, { db, actor: admin });
    const devNow = actorFor(db, "developer@baton.local");
    expect(runOperation(createEnvironment, { appId: "shop", id: "staging", type: "staging" }, { db, actor: devNow }).type).toBe("staging");
    expect(refused(() => runOperation(createEnvironment, { appId: "shop", id: "prod", type: "production" }, { db, actor: devNow })).code).toBe("forbidden");
    const dup = refused(() => runOperation(createEnvironment, { appId: "shop", id: "staging", type: "staging" }, { db, actor: admin }));
    expect(dup.message).toBe('Application "shop" already has an environment "staging"');
    const unknownType = refused(() => runOperation(createEnvironment, { appId: "shop", id: "qa", type: "qa" }, { db, actor: admin }));
    expect(unknownType.details?.fields?.[0].field).toBe("type");
    expect(refused(() => runOperation(createEnvironment, { appId: "shop", id: "x", type: "staging" }, { db, actor: admin })).message).toContain("at least 2");
  });
});

describe("environment types and users", () => {
  it("an env type in use cannot be deleted", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    runOperation(createEnvType, { id: "qa" }, { db, actor: admin });
    runOperation(createApplication, { id: "shop" }, { db, actor: admin });
    expect(refused(() => runOperation(deleteEnvType, { id: "development" }, { db, actor: admin })).message).toContain("shop/development");
    runOperation(deleteEnvType, { id: "qa" }, { db, actor: admin });
  });

  it("creates users with hashed passwords; managers cannot create administrators; the last admin stays", () => {
    const db = seededDb();
    const admin = actorFor(db, "admin@example.com");
    const manager = actorFor(db, "manager@baton.local");
    const u = runOperation(createUser, { email: "Eve@Example.com", name: "Eve", password: "eve-password", orgRole: "viewer" }, { db, actor: manager });
    expect(u.email).toBe("eve@example.com");
    expect(JSON.stringify(db.$client.prepare("SELECT * FROM users").all())).not.toContain("eve-password");
    expect(refused(() => runOperation(createUser, { email: "x@example.com", name: "X", password: "xxxxxxxx", orgRole: "administrator" }, { db, actor: manager })).code).toBe("forbidden");
    expect(refused(() => runOperation(createUser, { email: "eve@example.com", name: "E", password: "xxxxxxxx", orgRole: "viewer" }, { db, actor: admin })).code).toBe("conflict");
    expect(refused(() => runOperation(updateUserRoles, { userId: admin.userId, orgRole: "member" }, { db, actor: admin })).message).toContain("at least one administrator");
    expect(refused(() => runOperation(deleteUser, { userId: admin.userId }, { db, actor: admin })).message).toContain("own account");
    const unknownApp = refused(() => runOperation(updateUserRoles, { userId: u.id, orgRole: "member", appRoles: [{ appId: "nope", role: "owner" }] }, { db, actor: admin }));
    expect(unknownApp.details?.fields?.[0].field).toBe("appRoles.0.appId");
  });
});
