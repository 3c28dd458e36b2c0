import { describe, expect, it } from "vitest";
import { can, type Action, type Permission } from "@/lib/server/auth/permissions";
import type { Actor, OrgRole } from "@/lib/server/auth/roles";

/**
 * Every role × every action in one table. Actors: the four org roles with no app bindings,
 * plus members holding each app role on app "shop" and deployer on "development" only.
 */
const base = { userId: "u", email: "u@x", name: "U", orgId: "o", appRoles: {}, deployerEnvTypes: [] };
const ACTORS: Record<string, Actor> = {
  administrator: { ...base, orgRole: "administrator" },
  manager: { ...base, orgRole: "manager" },
  member: { ...base, orgRole: "member" },
  viewer: { ...base, orgRole: "viewer" },
  "app-viewer": { ...base, orgRole: "member", appRoles: { shop: "viewer" }, deployerEnvTypes: ["development"] },
  "app-developer": { ...base, orgRole: "member", appRoles: { shop: "developer" }, deployerEnvTypes: ["development"] },
  "app-owner": { ...base, orgRole: "member", appRoles: { shop: "owner" }, deployerEnvTypes: ["development"] },
  "app-owner-all-types": { ...base, orgRole: "member" as OrgRole, appRoles: { shop: "owner" }, deployerEnvTypes: ["development", "production"] },
};
const COLS = Object.keys(ACTORS);

// Columns in the order of COLS: admin, manager, member, viewer, app-viewer, app-dev, app-owner, owner+all types.
const TABLE: [Permission, string][] = [
  [{ action: "org.view" }, "Y Y Y Y Y Y Y Y"],
  [{ action: "app.list" }, "Y Y Y Y Y Y Y Y"],
  [{ action: "app.create" }, "Y Y . . . . . ."],
  [{ action: "app.view", appId: "shop" }, "Y Y . Y Y Y Y Y"],
  [{ action: "app.view", appId: "other" }, "Y Y . Y . . . ."],
  [{ action: "app.update", appId: "shop" }, "Y . . . . . Y Y"],
  [{ action: "app.delete", appId: "shop", envTypes: ["development", "production"] }, "Y . . . . . . Y"],
  [{ action: "app.delete", appId: "shop", envTypes: ["development"] }, "Y . . . . . Y Y"],
  [{ action: "env.create", appId: "shop", envType: "development" }, "Y . . . . Y Y Y"],
  [{ action: "env.create", appId: "shop", envType: "production" }, "Y . . . . . . Y"],
  [{ action: "env.update", appId: "shop" }, "Y . . . . Y Y Y"],
  [{ action: "env.delete", appId: "shop", envType: "development" }, "Y . . . . Y Y Y"],
  [{ action: "env.deploy", appId: "shop", envType: "development" }, "Y . . . . Y Y Y"],
  [{ action: "env.deploy", appId: "shop", envType: "production" }, "Y . . . . . . Y"],
  [{ action: "env.deploy", appId: "other", envType: "development" }, "Y . . . . . . ."],
  [{ action: "workload.edit", appId: "shop" }, "Y . . . . Y Y Y"],
  [{ action: "values.edit", appId: "shop" }, "Y . . . . Y Y Y"],
  [{ action: "env-type.manage" }, "Y . . . . . . ."],
  [{ action: "definition.manage" }, "Y . . . . . . ."],
  [{ action: "account.manage" }, "Y . . . . . . ."],
  [{ action: "resource-type.manage" }, "Y . . . . . . ."],
  [{ action: "user.list" }, "Y Y . . . . . ."],
  [{ action: "user.manage", targetIsAdmin: false }, "Y Y . . . . . ."],
  [{ action: "user.manage", targetIsAdmin: true }, "Y . . . . . . ."],
  [{ action: "audit.view" }, "Y Y . . . . . ."],
  [{ action: "token.manage-own" }, "Y Y Y Y Y Y Y Y"],
  [{ action: "token.manage-service-user" }, "Y . . . . . . ."],
  [{ action: "artefact.register" }, "Y Y Y . Y Y Y Y"],
  [{ action: "artefact.manage" }, "Y . . . . . . ."],
];

describe("can(actor, permission): the role table", () => {
  for (const [permission, row] of TABLE) {
    const expected = row.split(" ");
    it(`${JSON.stringify(permission)}`, () => {
      expect(expected).toHaveLength(COLS.length);
      const actual = COLS.map((c) => (can(ACTORS[c], permission) ? "Y" : "."));
      expect(Object.fromEntries(COLS.map((c, i) => [c, actual[i]]))).toEqual(Object.fromEntries(COLS.map((c, i) => [c, expected[i]])));
    });
  }

  it("covers every action defined", () => {
    const ALL: Action[] = [
      "org.view", "app.list", "app.create", "app.view", "app.update", "app.delete", "env.create", "env.update", "env.delete",
      "env.deploy", "workload.edit", "values.edit", "env-type.manage", "definition.manage", "account.manage",
      "resource-type.manage", "user.list", "user.manage", "audit.view", "token.manage-own",
      "token.manage-service-user", "artefact.register", "artefact.manage",
    ];
    expect(new Set(TABLE.map(([p]) => p.action))).toEqual(new Set(ALL));
  });
});
