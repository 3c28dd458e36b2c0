export const ORG_ROLES = ["administrator", "manager", "member", "viewer"] as const;
export const APP_ROLES = ["viewer", "developer", "owner"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export type AppRole = (typeof APP_ROLES)[number];

/** Who is acting: a signed-in user or the owner of an API token, with every role binding. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  orgId: string;
  orgRole: OrgRole;
  appRoles: Record<string, AppRole>;
  /** Environment types this actor holds `deployer` on. */
  deployerEnvTypes: string[];
}
