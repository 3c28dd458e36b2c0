/**
 * The events Baton signals, in Humanitec's terms (`GET /orgs/{orgId}/events`: scope, type and the
 * properties a payload carries). Webhooks and automation subscribe by these names.
 */
export interface EventType {
  scope: "application" | "environment" | "deployment";
  type: string;
  properties: string[];
}

const APP = ["org_id", "app_id", "triggered_by"];
const ENV = [...APP, "env_id", "env_type"];
const DEPLOY = [...ENV, "deploy_id", "set_id", "value_set_version_id", "comment"];

export const EVENT_TYPES: readonly EventType[] = [
  { scope: "application", type: "created", properties: APP },
  { scope: "application", type: "deleted", properties: APP },
  { scope: "environment", type: "created", properties: ENV },
  { scope: "environment", type: "deleted", properties: ENV },
  { scope: "deployment", type: "started", properties: DEPLOY },
  { scope: "deployment", type: "finished", properties: [...DEPLOY, "status"] },
];
