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

/** GET …/envs/{envId}/runtime (RuntimeInfoResponseV2 plus Baton's `state`). */
export interface ContainerStatusJson {
  name: string;
  image: string;
  ready: boolean;
  restart_count: number;
  status: string;
  state: { waiting?: { reason?: string }; running?: object; terminated?: { reason?: string; exit_code?: number } };
}
export interface PodJson {
  podName: string;
  phase: string;
  status: string;
  ready: boolean;
  containerStatuses: ContainerStatusJson[];
}
export interface ControllerJson {
  kind: string;
  replicas: number;
  ready_replicas: number;
  status: string;
  message: string;
  pods: PodJson[];
}
export interface EnvRuntimeJson {
  namespace: string;
  modules: Record<string, { status: string; controllers: Record<string, ControllerJson> }>;
  state: "available" | "unknown" | "error";
  message?: string;
  error_code?: string;
  paused?: boolean;
}
/** One entry of GET /apps/{appId}/runtime. */
export interface EnvRuntimeSummaryJson {
  id: string;
  paused: boolean;
  status: string;
  error?: string;
}

export interface PipelineJson {
  id: string;
  name: string;
  version: string;
  trigger_types: string[];
  created_at: string;
}
export interface PipelineRunJson {
  id: string;
  pipeline_id: string;
  status: string;
  status_message: string;
  env_ids: string[];
  created_at: string;
  created_by: string;
  completed_at?: string;
  inputs: Record<string, unknown>;
  /** Job id → what it waits for (`approval`). */
  waiting_for: Record<string, string>;
}
export interface PipelineApprovalJson {
  id: string;
  pipeline_id: string;
  run_id: string;
  job_id: string;
  env_id: string;
  message: string;
  status: string;
  created_at: string;
  approved_by?: string;
}
