import { describe, expect, it } from "vitest";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";

const dev: Actor = { userId: "u", email: "d@x", name: "D", orgId: "o", orgRole: "member", appRoles: { shop: "developer", blog: "viewer" }, deployerEnvTypes: ["development"] };

describe("why a permission was refused", () => {
  it("names the missing env-type grant, and the grants held", () => {
    const p = { action: "env.deploy", appId: "shop", envType: "production" } as const;
    expect(can(dev, p)).toBe(false);
    expect(whyForbidden(dev, p)).toBe('Deploying to an environment of type "production" needs the deployer grant on environment type "production" (you have it on "development").');
  });

  it("names the missing application role, and the role held", () => {
    expect(whyForbidden(dev, { action: "env.deploy", appId: "blog", envType: "development" })).toBe(
      'Deploying to an environment of type "development" needs the developer or owner role on application "blog" (you have the viewer role there).',
    );
    expect(whyForbidden(dev, { action: "app.delete", appId: "blog", envTypes: ["development", "staging"] })).toBe(
      'Deleting application "blog" needs the owner role on application "blog" (you have the viewer role there) and the deployer grant on environment type "staging" (you have it on "development").',
    );
  });

  it("names the organisation role an org-wide action needs", () => {
    expect(whyForbidden(dev, { action: "app.create" })).toBe("Creating applications needs the manager or administrator organisation role (you are a member).");
    expect(whyForbidden({ ...dev, orgRole: "manager" }, { action: "definition.manage" })).toBe("Managing resource definitions needs the administrator organisation role (you are a manager).");
  });
});
