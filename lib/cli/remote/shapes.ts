/** The API's JSON shapes as the CLI reads them (see /api/v1/openapi.json). */
export interface AppJson {
  id: string;
  name: string;
  envs: { id: string; name: string; type: string }[];
}
export interface DeploymentJson {
  id: string;
  env_id: string;
  from_id: string | null;
  delta_id: string | null;
  set_id: string;
  comment: string;
  status: "pending" | "in progress" | "succeeded" | "failed";
  status_changed_at: string;
  created_at: string;
  created_by: string;
}
export interface EnvJson {
  id: string;
  name: string;
  type: string;
  from_deploy: DeploymentJson | null;
  last_deploy: DeploymentJson | null;
}
export interface DeploymentErrorJson {
  code: string;
  scope: string;
  object_id: string;
  message: string;
}
